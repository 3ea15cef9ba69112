import type { ExponentialHistogram } from '@stride/agent';

/** One display bucket: `count` observations in (lowerMs, upperMs] (the zero bucket is [0, upperMs]). */
export interface DistributionBucket {
  lowerMs: number;
  upperMs: number;
  count: number;
}

export interface LatencyDistribution {
  count: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  /** Ascending, contiguous (empty buckets included between the first and last non-empty one), at most maxBuckets. */
  buckets: DistributionBucket[];
}

export interface DistributionOptions {
  /** Milliseconds per histogram unit (1,000 for seconds). */
  msPerUnit: number;
  /** Most display buckets; at least 2 (one may be the zero bucket). */
  maxBuckets?: number;
}

export const DEFAULT_MAX_DISPLAY_BUCKETS = 60;

/**
 * Coarsens a merged base-2 exponential histogram into at most `maxBuckets` display buckets, log-spaced like the
 * histogram itself. Lowering the scale by k merges 2^k neighbouring buckets exactly (bucket i → i >> k), so no
 * count is split or guessed; k is the smallest that fits. Example: scale 3 (base 2^(1/8) ≈ 1.09) with data in
 * buckets 0…199 (1 ms … 2^25 ms) needs k = 2 → scale 1, buckets 0…49, each spanning a factor √2.
 *
 * The first and last bucket are clamped to the observed min and max so the axis starts and ends at real data.
 * Zero (and, never for durations, negative) observations form a leading bucket from 0.
 */
export function latencyDistribution(
  histogram: ExponentialHistogram | null,
  { msPerUnit, maxBuckets = DEFAULT_MAX_DISPLAY_BUCKETS }: DistributionOptions,
): LatencyDistribution {
  if (!(maxBuckets >= 2) || !Number.isInteger(maxBuckets)) throw new RangeError('maxBuckets must be an integer ≥ 2');
  if (histogram === null || histogram.count === 0) {
    return { count: 0, p50Ms: null, p95Ms: null, p99Ms: null, buckets: [] };
  }
  const data = histogram.toData();
  const quantileMs = (q: number) => {
    const v = histogram.quantile(q);
    return Number.isFinite(v) ? v * msPerUnit : null;
  };

  const positive = nonEmptyRange(data.positive.offset, data.positive.counts);
  const negativeCount = data.negative.counts.reduce((a, b) => a + b, 0);
  const zero = data.zeroCount + negativeCount;
  const buckets: DistributionBucket[] = [];

  if (positive !== null) {
    const room = zero > 0 ? maxBuckets - 1 : maxBuckets;
    let shift = 0;
    while (Math.floor(positive.hi / 2 ** shift) - Math.floor(positive.lo / 2 ** shift) + 1 > room) shift++;
    const scale = data.scale - shift;
    const lo = Math.floor(positive.lo / 2 ** shift);
    const hi = Math.floor(positive.hi / 2 ** shift);
    const counts = new Array<number>(hi - lo + 1).fill(0);
    data.positive.counts.forEach((c, i) => {
      if (c > 0) counts[Math.floor((data.positive.offset + i) / 2 ** shift) - lo]! += c;
    });
    // Bucket j at `scale` covers (2^(j·2^-scale), 2^((j+1)·2^-scale)].
    const bound = (j: number) => 2 ** (j * 2 ** -scale) * msPerUnit;
    counts.forEach((count, i) => {
      buckets.push({ lowerMs: bound(lo + i), upperMs: bound(lo + i + 1), count });
    });
    const first = buckets[0]!;
    const last = buckets[buckets.length - 1]!;
    if (Number.isFinite(data.min) && data.min > 0) first.lowerMs = Math.max(first.lowerMs, data.min * msPerUnit);
    if (Number.isFinite(data.max)) last.upperMs = Math.min(last.upperMs, Math.max(data.max * msPerUnit, last.lowerMs));
  }
  if (zero > 0) {
    const upperMs = buckets[0]?.lowerMs ?? data.zeroThreshold * msPerUnit;
    buckets.unshift({ lowerMs: 0, upperMs, count: zero });
  }
  return {
    count: data.count,
    p50Ms: quantileMs(0.5),
    p95Ms: quantileMs(0.95),
    p99Ms: quantileMs(0.99),
    buckets,
  };
}

/** Indices of the first and last non-zero count, or null when all are zero. */
function nonEmptyRange(offset: number, counts: readonly number[]): { lo: number; hi: number } | null {
  let first = -1;
  let last = -1;
  counts.forEach((c, i) => {
    if (c > 0) {
      if (first < 0) first = i;
      last = i;
    }
  });
  return first < 0 ? null : { lo: offset + first, hi: offset + last };
}
