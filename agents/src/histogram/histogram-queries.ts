import type { Buckets } from './buckets.js';
import { lowerBoundary, mapToIndex, midpointFactor } from './mapping.js';

/** Read-only view of a histogram's state that the queries below walk. */
export interface HistogramState {
  readonly scale: number;
  readonly count: number;
  readonly sum: number;
  readonly zeroCount: number;
  readonly zeroThreshold: number;
  readonly min: number;
  readonly max: number;
  readonly positive: Buckets;
  readonly negative: Buckets;
}

/**
 * Nearest-rank quantile: the ⌈q·count⌉-th smallest observation (at least the 1st), estimated inside its bucket
 * (lb, ub] as 2·lb·ub/(lb+ub) and clamped to [min, max]. Walks negatives from the most negative (highest
 * magnitude index) up, then the zero bucket, then positives; above the median it walks the positives down from
 * the top instead, which finds the same bucket in a few steps for p95/p99. Example: counts {zero: 1, bucket 0
 * at scale 0 (1, 2]: 3}, q = 0.5 → rank 2 falls in (1, 2] → 4/3, clamped to the observed [min, max].
 */
export function quantileOf(h: HistogramState, q: number): number {
  if (h.count === 0 || !(q >= 0 && q <= 1)) return Number.NaN;
  if (q === 0) return h.min;
  if (q === 1) return h.max;
  const rank = Math.max(1, Math.ceil(q * h.count));
  const { negative: neg, positive: pos } = h;
  if (q > 0.5) {
    const index = positiveBucketFromTop(pos, h.count, rank);
    if (!Number.isNaN(index)) return clamp(midpointFactor(h.scale) * lowerBoundary(index, h.scale), h);
  }
  let seen = 0;
  for (let i = neg.hi, counts = neg.counts, origin = neg.origin; i >= neg.lo; i--) {
    seen += counts[i - origin]!;
    if (seen >= rank) return clamp(-midpointFactor(h.scale) * lowerBoundary(i, h.scale), h);
  }
  seen += h.zeroCount;
  if (seen >= rank) return clamp(0, h);
  for (let i = pos.lo, counts = pos.counts, origin = pos.origin; i <= pos.hi; i++) {
    seen += counts[i - origin]!;
    if (seen >= rank) return clamp(midpointFactor(h.scale) * lowerBoundary(i, h.scale), h);
  }
  return h.max;
}

// A module function, not a closure per call: tsx (benchmarks, dev) wraps every closure it creates in a
// defineProperty call, which costs more than the whole quantile walk.
function clamp(v: number, h: HistogramState): number {
  return Math.min(Math.max(v, h.min), h.max);
}

/**
 * Positive bucket holding the rank-th smallest observation, found walking down from the top: before bucket i
 * is subtracted, `below` counts the observations up to its top edge; once what lies under bucket i is < rank,
 * the rank is in i. NaN when the rank lies in the zero or negative buckets.
 */
function positiveBucketFromTop(pos: Buckets, count: number, rank: number): number {
  const counts = pos.counts;
  const origin = pos.origin;
  let below = count;
  for (let i = pos.hi; i >= pos.lo; i--) {
    below -= counts[i - origin]!;
    if (below < rank) return i;
  }
  return Number.NaN;
}

/**
 * Estimated number of observations ≤ value (for apdex). Exact outside the bucket holding `value`; inside it,
 * interpolated linearly in log space between the bucket's bounds (narrowed to [min, max]).
 */
export function countAtOrBelowOf(h: HistogramState, value: number): number {
  if (h.count === 0 || Number.isNaN(value) || value < h.min) return 0;
  if (value >= h.max) return h.count;
  const { negative: neg, positive: pos } = h;
  if (-value > h.zeroThreshold) {
    // Negative buckets hold magnitudes: observations ≤ value are those with magnitude ≥ −value.
    const index = mapToIndex(-value, h.scale);
    let below = 0;
    for (let i = neg.hi; i > index; i--) below += neg.counts[i - neg.origin]!;
    return below + neg.get(index) * fractionAbove(h.scale, index, -value, -h.max, -h.min);
  }
  const allNegative = neg.total();
  if (value <= h.zeroThreshold) return value >= 0 ? allNegative + h.zeroCount : allNegative;
  const index = mapToIndex(value, h.scale);
  let below = allNegative + h.zeroCount;
  for (let i = pos.lo; i < index && i <= pos.hi; i++) below += pos.counts[i - pos.origin]!;
  return below + pos.get(index) * (1 - fractionAbove(h.scale, index, value, h.min, h.max));
}

/** Share of bucket `index` above `magnitude`, in log space, with the bucket narrowed to [floor, ceiling]. */
function fractionAbove(scale: number, index: number, magnitude: number, floor: number, ceiling: number): number {
  const lb = Math.max(lowerBoundary(index, scale), floor);
  const ub = Math.min(lowerBoundary(index + 1, scale), ceiling);
  if (!(ub > lb) || magnitude >= ub) return 0;
  if (magnitude <= lb) return 1;
  return Math.log(ub / magnitude) / Math.log(ub / lb);
}

/** Smallest and largest values the buckets allow, for data whose producer omitted min/max. */
export function boundsOf(h: Omit<HistogramState, 'min' | 'max'>): { min: number; max: number } {
  const { negative: neg, positive: pos, scale, zeroCount, zeroThreshold } = h;
  const min = !neg.isEmpty
    ? -lowerBoundary(neg.hi + 1, scale)
    : zeroCount > 0
      ? -zeroThreshold || 0
      : lowerBoundary(pos.lo, scale);
  const max = !pos.isEmpty
    ? lowerBoundary(pos.hi + 1, scale)
    : zeroCount > 0
      ? zeroThreshold
      : -lowerBoundary(neg.lo, scale);
  return { min, max };
}
