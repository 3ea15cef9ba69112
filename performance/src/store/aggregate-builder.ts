import { ExponentialHistogram } from '@stride/agent';
import type { Aggregate } from './store.js';

/** One stored bucket as every backend returns it; `hist` is ExponentialHistogram.encode() output. */
export interface BucketRow {
  count: number;
  sum: number;
  min: number;
  max: number;
  last: number | null;
  lastMs: number | null;
  hist: Uint8Array | null;
}

/**
 * Folds bucket rows of one series into an Aggregate: counts and sums add, min/max widen, the gauge value with the
 * newest timestamp wins, histograms merge exactly (never averaged percentiles). Empty: count 0, min +Infinity,
 * max −Infinity, last null, histogram null.
 */
export class AggregateBuilder {
  private count = 0;
  private sum = 0;
  private min = Number.POSITIVE_INFINITY;
  private max = Number.NEGATIVE_INFINITY;
  private last: number | null = null;
  private lastMs = Number.NEGATIVE_INFINITY;
  private histogram: ExponentialHistogram | null = null;

  constructor(
    readonly seriesId: number,
    readonly startMs: number,
  ) {}

  add(row: BucketRow): this {
    this.count += row.count;
    this.sum += row.sum;
    if (row.min < this.min) this.min = row.min;
    if (row.max > this.max) this.max = row.max;
    if (row.last !== null && row.lastMs !== null && row.lastMs >= this.lastMs) {
      this.last = row.last;
      this.lastMs = row.lastMs;
    }
    if (row.hist !== null) {
      const decoded = ExponentialHistogram.decode(row.hist);
      if (this.histogram === null) this.histogram = decoded;
      else this.histogram.merge(decoded);
    }
    return this;
  }

  toAggregate(): Aggregate {
    return {
      seriesId: this.seriesId,
      startMs: this.startMs,
      count: this.count,
      sum: this.sum,
      min: this.min,
      max: this.max,
      last: this.last,
      histogram: this.histogram,
    };
  }
}
