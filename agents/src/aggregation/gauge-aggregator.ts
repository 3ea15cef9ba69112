import type { Aggregator } from './aggregator.js';

/**
 * A sampled level (heap used, event-loop utilization): the last value plus the spread of the samples seen.
 * Example: recording 3, 9, 6 gives { last: 6, min: 3, max: 9, count: 3, sum: 18 } (mean 6).
 */
export interface GaugeAccumulator {
  last: number;
  min: number;
  max: number;
  count: number;
  sum: number;
}

export interface GaugeResult extends GaugeAccumulator {
  /** sum / count; NaN when no sample was recorded. */
  mean: number;
}

export const gaugeAggregator: Aggregator<GaugeAccumulator, GaugeResult> = {
  kind: 'gauge',
  create: () => ({
    last: Number.NaN,
    min: Number.POSITIVE_INFINITY,
    max: Number.NEGATIVE_INFINITY,
    count: 0,
    sum: 0,
  }),
  reset: (acc) => {
    acc.last = Number.NaN;
    acc.min = Number.POSITIVE_INFINITY;
    acc.max = Number.NEGATIVE_INFINITY;
    acc.count = 0;
    acc.sum = 0;
  },
  record: (acc, value) => {
    if (!Number.isFinite(value)) return;
    acc.last = value;
    acc.min = Math.min(acc.min, value);
    acc.max = Math.max(acc.max, value);
    acc.count += 1;
    acc.sum += value;
  },
  merge: (into, other) => {
    if (other.count === 0) return;
    into.last = other.last;
    into.min = Math.min(into.min, other.min);
    into.max = Math.max(into.max, other.max);
    into.count += other.count;
    into.sum += other.sum;
  },
  // A gauge is not cumulative: each snapshot already describes only its own interval, so the delta is itself.
  diff: (current) => ({ ...current }),
  toResult: (acc) => ({ ...acc, mean: acc.count === 0 ? Number.NaN : acc.sum / acc.count }),
};
