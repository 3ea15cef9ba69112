import {
  ExponentialHistogram,
  type ExponentialHistogramData,
  type ExponentialHistogramOptions,
} from '../histogram/exponential-histogram.js';
import type { Aggregator } from './aggregator.js';

/** Latency distributions: an ExponentialHistogram per accumulator; diff throws HistogramResetError on reset. */
export function createHistogramAggregator(
  options: ExponentialHistogramOptions = {},
): Aggregator<ExponentialHistogram, ExponentialHistogramData> {
  const { maxBuckets = 2048, maxScale = 20 } = options;
  new ExponentialHistogram({ maxBuckets, maxScale }); // validates the options once, at construction
  return {
    kind: 'histogram',
    create: () => new ExponentialHistogram({ maxBuckets, maxScale }),
    record: (acc, value) => {
      acc.record(value);
    },
    merge: (into, other) => {
      into.merge(other);
    },
    diff: (current, earlier) => current.diff(earlier),
    toResult: (acc) => acc.toData(),
    reset: (acc) => {
      acc.reset();
    },
  };
}

export const histogramAggregator = createHistogramAggregator();
