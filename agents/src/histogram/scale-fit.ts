import { MIN_SCALE } from './mapping.js';

/** Indices [lo, hi] of one sign's non-empty buckets (empty when hi < lo): what Buckets and scanned blobs share. */
export interface IndexRange {
  readonly lo: number;
  readonly hi: number;
}

/** One histogram's scale and per-sign ranges, as far as choosing a common scale needs. */
export interface ScaledRanges {
  readonly scale: number;
  readonly positive: IndexRange;
  readonly negative: IndexRange;
}

/** Whether a ∪ b, with indices shifted right by aShift and bShift, spans at most `maxBuckets`. */
function unionFits(a: IndexRange, aShift: number, b: IndexRange, bShift: number, maxBuckets: number): boolean {
  if (a.hi < a.lo) return b.hi < b.lo || (b.hi >> bShift) - (b.lo >> bShift) < maxBuckets;
  if (b.hi < b.lo) return (a.hi >> aShift) - (a.lo >> aShift) < maxBuckets;
  const lo = Math.min(a.lo >> aShift, b.lo >> bShift);
  const hi = Math.max(a.hi >> aShift, b.hi >> bShift);
  return hi - lo < maxBuckets;
}

/**
 * Finest scale ≤ `from` at which a ∪ b fits in `maxBuckets` per sign. Going one scale coarser halves a span
 * (rounding up), so the first fit found walking down is the finest. Example: a at scale 6 spanning indices
 * 0..1500 and b at scale 6 spanning 1000..2600 need 2,601 buckets at scale 6 but 1,301 at scale 5 → 5.
 */
export function finestCommonScale(a: ScaledRanges, b: ScaledRanges, from: number, maxBuckets: number): number {
  let scale = from;
  while (scale > MIN_SCALE) {
    const aShift = a.scale - scale;
    const bShift = b.scale - scale;
    if (
      unionFits(a.positive, aShift, b.positive, bShift, maxBuckets) &&
      unionFits(a.negative, aShift, b.negative, bShift, maxBuckets)
    ) {
      break;
    }
    scale--;
  }
  return scale;
}

/** Indices of the first and last non-zero count of OTLP-style buckets (bucket offset + j holds counts[j]). */
export function nonZeroRange(offset: number, counts: ArrayLike<number>): IndexRange {
  let first = 0;
  while (first < counts.length && counts[first] === 0) first++;
  let last = counts.length - 1;
  while (last > first && counts[last] === 0) last--;
  return first < counts.length ? { lo: offset + first, hi: offset + last } : { lo: 0, hi: -1 };
}
