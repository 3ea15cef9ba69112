import type { Buckets } from './buckets.js';
import { type EncodedScan, type EncodedSide, walkTokens } from './histogram-scan.js';

/**
 * The single-pass half of mergeEncoded: validates `bytes` while adding its bucket counts into `positive` and
 * `negative` (held at `scale`, at most `maxBuckets` per sign), then extends their used ranges. The caller adds
 * the totals from `scan`. Returns false, having changed nothing, when the blob cannot go in at `scale` as it
 * stands — it is coarser than `scale`, its declared bucket range does not fit beside what the buckets hold, or
 * it lacks min/max — and the caller validates it whole and downscales first (the two-pass path). On corrupt
 * bytes the counts already added are taken back before HistogramDecodeError propagates.
 *
 * Example: an accumulator at scale 5 spanning indices 100..400 and a blob at scale 6 declaring offset 250, 300
 * buckets: shift 1, the blob lands on 125..274 (inside the reserved room), each count at index >> 1.
 */
export function addEncodedAtScale(
  bytes: Uint8Array,
  scan: EncodedScan,
  scale: number,
  positive: Buckets,
  negative: Buckets,
  maxBuckets: number,
): boolean {
  scan.readHeader(bytes);
  const shift = scan.scale - scale;
  if (shift < 0) return false;
  if (scan.count > 0 && (scan.min - scan.min !== 0 || scan.max - scan.max !== 0)) return false;
  scan.readSide(scan.positive);
  if (!fits(scan.positive, positive, shift, maxBuckets)) return false;
  try {
    addSide(scan, scan.positive, positive, shift, maxBuckets);
    scan.readSide(scan.negative);
    if (!fits(scan.negative, negative, shift, maxBuckets)) {
      walkTokens(bytes, scan.positive, positive, shift, -1);
      return false;
    }
    addSide(scan, scan.negative, negative, shift, maxBuckets);
    scan.finish();
  } catch (error) {
    walkTokens(bytes, scan.positive, positive, shift, -1);
    walkTokens(bytes, scan.negative, negative, shift, -1);
    throw error;
  }
  include(scan.positive, positive, shift);
  include(scan.negative, negative, shift);
  return true;
}

/** Whether the side's declared range, shifted, fits beside `target`'s used range in maxBuckets. */
function fits(side: EncodedSide, target: Buckets, shift: number, maxBuckets: number): boolean {
  if (side.length === 0) return true;
  const lo = side.offset >> shift;
  const hi = (side.offset + side.length - 1) >> shift;
  if (target.hi < target.lo) return hi - lo < maxBuckets;
  return (hi > target.hi ? hi : target.hi) - (lo < target.lo ? lo : target.lo) < maxBuckets;
}

function addSide(scan: EncodedScan, side: EncodedSide, target: Buckets, shift: number, maxBuckets: number): void {
  if (side.length > 0) target.reserve(side.offset >> shift, (side.offset + side.length - 1) >> shift, maxBuckets);
  scan.addTokens(side, target, shift);
}

function include(side: EncodedSide, target: Buckets, shift: number): void {
  if (side.hi >= side.lo) target.include(side.lo >> shift, side.hi >> shift);
}
