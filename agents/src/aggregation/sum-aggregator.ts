import { CumulativeResetError } from '../histogram/errors.js';
import type { Aggregator } from './aggregator.js';

/** Running total of a counter (monotonic) or an up-down counter. */
export interface SumAccumulator {
  value: number;
}

export interface SumResult {
  value: number;
  monotonic: boolean;
}

export interface SumAggregatorOptions {
  /** Counters only grow: a cumulative value that goes down is a reset (diff throws CumulativeResetError). */
  monotonic?: boolean;
}

export function createSumAggregator(options: SumAggregatorOptions = {}): Aggregator<SumAccumulator, SumResult> {
  const { monotonic = true } = options;
  return {
    kind: 'sum',
    create: () => ({ value: 0 }),
    record: (acc, value) => {
      if (Number.isFinite(value)) acc.value += value;
    },
    merge: (into, other) => {
      into.value += other.value;
    },
    diff: (current, earlier) => {
      if (monotonic && current.value < earlier.value) {
        throw new CumulativeResetError(`monotonic sum went down from ${earlier.value} to ${current.value}`);
      }
      return { value: current.value - earlier.value };
    },
    toResult: (acc) => ({ value: acc.value, monotonic }),
    reset: (acc) => {
      acc.value = 0;
    },
  };
}

export const sumAggregator = createSumAggregator({ monotonic: true });
