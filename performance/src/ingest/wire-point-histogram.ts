import { type BlobSlab, encodeExponential, MAX_SPAN } from './encode-exponential.js';
import type { WirePoint, WireSide } from './exponential-wire.js';
import type { EncodedHistogram } from './points.js';

const MIN_SCALE = -10;
const MAX_SCALE = 20;
/** |log2| of the largest and smallest doubles: bucket boundaries beyond it are 0 or Infinity. */
const MAX_EXPONENT = 1023;
const TWO_21 = 2_097_152; // a fixed64 whose high half is below this is a safe integer

/**
 * A read point's histogram in stored form, when it passes every check exponentialPointToHistogram makes and
 * needs none of its estimates (missing sum, min or max) nor a downscale; undefined sends the point to the
 * reference conversion, which stores or rejects it with its message. `buf` is the request the point was read from.
 */
export function wirePointHistogram(
  wp: WirePoint,
  buf: Buffer,
  maxBucketsPerPoint: number,
  slab: BlobSlab,
): EncodedHistogram | undefined {
  const scaleRaw = wp.scaleRaw;
  const scale = scaleRaw % 2 === 0 ? scaleRaw / 2 : -(scaleRaw + 1) / 2;
  if (scale < MIN_SCALE || scale > MAX_SCALE) return undefined;
  if (wp.countAt >= 0 && buf.readUInt32LE(wp.countAt + 4) >= TWO_21) return undefined;
  if (wp.zeroCountAt >= 0 && buf.readUInt32LE(wp.zeroCountAt + 4) >= TWO_21) return undefined;
  const count = wp.fixed64(wp.countAt, buf);
  const zeroCount = wp.fixed64(wp.zeroCountAt, buf);
  const zt = wp.zeroThreshold;
  if (!(zt >= 0 && zt < Number.POSITIVE_INFINITY)) return undefined;
  if (!wp.hasSum || !Number.isFinite(wp.sum)) return undefined;
  if (count > 0) {
    if (!wp.hasMin || !wp.hasMax || !Number.isFinite(wp.min) || !Number.isFinite(wp.max) || wp.min > wp.max) {
      return undefined;
    }
  }
  const { positive, negative } = wp;
  if (!positive.scan(buf) || !negative.scan(buf)) return undefined;
  if (positive.n > maxBucketsPerPoint || negative.n > maxBucketsPerPoint) return undefined;
  if (!sideFits(positive, scale) || !sideFits(negative, scale)) return undefined;
  if (zeroCount + positive.total + negative.total !== count) return undefined;
  // As fromValidatedData stores them: -0 sums and thresholds become 0; an empty histogram's extremes are ±Infinity.
  const totals = {
    scale,
    count,
    zeroCount,
    zeroThreshold: zt > 0 ? zt : 0,
    sum: 0 + wp.sum,
    min: count > 0 ? wp.min : Number.POSITIVE_INFINITY,
    max: count > 0 ? wp.max : Number.NEGATIVE_INFINITY,
  };
  const bytes = encodeExponential(buf, totals, positive, negative, slab);
  return { bytes, count, sum: totals.sum, min: totals.min, max: totals.max };
}

/** Bucket boundaries within the range of doubles (as exponentialPointToHistogram checks), no downscale needed. */
function sideFits(side: WireSide, scale: number): boolean {
  if (side.n === 0) return true;
  const perPowerOfTwo = 2 ** scale;
  const offset = side.offset;
  if (offset / perPowerOfTwo < -MAX_EXPONENT || (offset + side.n) / perPowerOfTwo > MAX_EXPONENT) return false;
  return side.first < 0 || side.last - side.first + 1 <= MAX_SPAN;
}
