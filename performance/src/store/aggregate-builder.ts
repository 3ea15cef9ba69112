import { ExponentialHistogram } from '@stride/agent';
import type { Aggregate } from './store.js';

/** One stored bucket (or merged run of buckets) as every backend returns it; `hist` is encode() output. */
export interface BucketRow {
  count: number;
  sum: number;
  min: number;
  max: number;
  last: number | null;
  lastMs: number | null;
  hist: Uint8Array | null;
}

/** Like BucketRow, with the histogram still in memory (the write-behind buffer's not yet stored deltas). */
export interface LiveBucket extends Omit<BucketRow, 'hist'> {
  histogram: ExponentialHistogram | null;
}

/**
 * Folds bucket rows of one series into an Aggregate: counts and sums add, min/max widen, the gauge value with the
 * newest timestamp wins, histograms merge exactly (never averaged percentiles). Blobs are merged with
 * mergeEncoded, straight from the stored bytes, so no intermediate histogram is built per row.
 * Empty: count 0, min +Infinity, max −Infinity, last null, histogram null.
 */
export class AggregateBuilder {
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  last: number | null = null;
  lastMs = Number.NEGATIVE_INFINITY;
  histogram: ExponentialHistogram | null = null;

  constructor(
    readonly seriesId: number,
    readonly startMs: number,
  ) {}

  add(row: BucketRow): this {
    this.addScalars(row);
    return row.hist === null ? this : this.addHistogramBytes(row.hist);
  }

  /** Merges one stored histogram (encode() output) without its row's scalars, which the caller adds apart. */
  addHistogramBytes(bytes: Uint8Array): this {
    // The first blob is decoded as it stands (at its own scale); the rest merge straight from their bytes.
    if (this.histogram === null) this.histogram = ExponentialHistogram.decode(bytes);
    else this.histogram.mergeEncoded(bytes);
    return this;
  }

  addLive(bucket: LiveBucket): this {
    this.addScalars(bucket);
    if (bucket.histogram === null) return this;
    if (this.histogram === null) this.histogram = bucket.histogram.clone();
    else this.histogram.merge(bucket.histogram);
    return this;
  }

  /**
   * Adds a histogram this builder may keep (not copied): its count/sum/min/max are the observations', as for a
   * histogram series' rows.
   */
  addHistogram(h: ExponentialHistogram): this {
    this.addScalars({ count: h.count, sum: h.sum, min: h.min, max: h.max, last: null, lastMs: null });
    if (this.histogram === null) this.histogram = h;
    else this.histogram.merge(h);
    return this;
  }

  /**
   * addBuilder for an `other` its caller drops afterwards: when this holds no histogram yet, other's is taken
   * rather than copied (a cold range read would otherwise copy one per series).
   */
  absorb(other: AggregateBuilder): this {
    const h = other.histogram;
    if (this.histogram !== null || h === null) return this.addBuilder(other);
    other.histogram = null;
    this.addBuilder(other);
    this.histogram = h;
    return this;
  }

  /** Adds what `other` holds (other is left as it is). */
  addBuilder(other: AggregateBuilder): this {
    return this.addLive({
      count: other.count,
      sum: other.sum,
      min: other.min,
      max: other.max,
      last: other.last,
      lastMs: other.last === null ? null : other.lastMs,
      histogram: other.histogram,
    });
  }

  /** The merged run as one row, histogram encoded (compact: what the merged-range cache keeps). */
  toRow(): BucketRow {
    const { count, sum, min, max, last } = this;
    const hist = this.histogram === null ? null : this.histogram.encode();
    return { count, sum, min, max, last, lastMs: last === null ? null : this.lastMs, hist };
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

  private addScalars(row: Omit<BucketRow, 'hist'>): void {
    this.count += row.count;
    this.sum += row.sum;
    if (row.min < this.min) this.min = row.min;
    if (row.max > this.max) this.max = row.max;
    if (row.last !== null && row.lastMs !== null && row.lastMs >= this.lastMs) {
      this.last = row.last;
      this.lastMs = row.lastMs;
    }
  }
}
