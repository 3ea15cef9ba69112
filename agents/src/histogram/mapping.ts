/**
 * OTLP base-2 exponential bucket mapping. At scale s the base is γ = 2^(2^-s) and bucket i holds (γ^i, γ^(i+1)]
 * (upper-inclusive). Worked example at scale 1 (γ = √2): 1 → index -1 (bucket (0.707, 1]), 1.2 → 0 ((1, 1.414]),
 * 2 → 1 ((1.414, 2]). At scale 0 buckets are (2^i, 2^(i+1)]; at scale -1 they are (4^i, 4^(i+1)].
 *
 * The index comes from the IEEE-754 exponent, so exact powers of two never depend on Math.log rounding: for
 * 2^e the index is e·2^s − 1 at every scale. Within one binade the log is clamped to that binade's indices.
 */

export const MIN_SCALE = -10;
export const MAX_SCALE = 20;
/** Smallest normal double, 2^-1022; subnormals share its bucket (OTLP mappings do the same). */
const MIN_NORMAL = 2 ** -1022;

const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = littleEndian ? 1 : 0;
const LO = littleEndian ? 0 : 1;

/** Index of the bucket holding `value` (> 0, finite) at `scale`. ~25 ns; no allocation. */
export function mapToIndex(value: number, scale: number): number {
  const v = Math.max(value, MIN_NORMAL);
  scratch[0] = v;
  const hi = words[HI]!;
  const exponent = ((hi >>> 20) & 0x7ff) - 1023;
  const powerOfTwo = (hi & 0xfffff) === 0 && words[LO] === 0;
  if (scale <= 0) return (powerOfTwo ? exponent - 1 : exponent) >> -scale;
  // Shifts, not 2 ** scale: Math.pow with a variable exponent costs ~60 ns. |index| < 2^31 for scale ≤ 20.
  const first = exponent << scale;
  if (powerOfTwo) return first - 1;
  const index = Math.floor(Math.log2(v) * (1 << scale));
  if (index < first) return first;
  const last = first + (1 << scale) - 1;
  return Math.min(index, last);
}

/** γ^index: the exclusive lower boundary of bucket `index`. Underflows to 0 and overflows to Infinity at the extremes. */
export function lowerBoundary(index: number, scale: number): number {
  return scale > 0 ? 2 ** (index / (1 << scale)) : 2 ** (index * (1 << -scale));
}

/**
 * Factor k with k·lowerBoundary(i) = 2·lb·ub/(lb+ub), the point of bucket (lb, ub] whose worst relative error
 * against any value in the bucket is smallest: (γ−1)/(γ+1), 0.54% at scale 6. Written as a factor on lb so huge
 * buckets do not overflow lb·ub.
 */
export function midpointFactor(scale: number): number {
  const base = lowerBoundary(1, scale);
  return (2 * base) / (1 + base);
}
