import { HistogramDecodeError } from './errors.js';
import { MAX_SCALE, MIN_SCALE } from './mapping.js';

/** OTLP ExponentialHistogram buckets: bucket i covers (base^(offset+i), base^(offset+i+1)], base = 2^(2^-scale). */
export interface HistogramBuckets {
  offset: number;
  counts: number[];
}

/** Plain-data form, field-for-field compatible with an OTLP ExponentialHistogramDataPoint. */
export interface ExponentialHistogramData {
  scale: number;
  zeroCount: number;
  zeroThreshold: number;
  positive: HistogramBuckets;
  negative: HistogramBuckets;
  count: number;
  sum: number;
  /** NaN-free: +Infinity/-Infinity when count is 0. */
  min: number;
  max: number;
}

export interface ExponentialHistogramOptions {
  /** Most buckets per sign before the histogram downscales. 2048 keeps scale 6 (≤0.55% error) across 1 µs–100 s. */
  maxBuckets?: number;
  /** Starting (finest) scale; 20 is OTLP's maximum. */
  maxScale?: number;
}

/** Real bucket indices stay under 1,075 · 2^20 ≈ 1.13e9 in magnitude; beyond 2^31, `index >> shift` would wrap. */
const INDEX_LIMIT = 2 ** 31;

/**
 * Throws HistogramDecodeError unless `parts` describe a valid histogram: scale in [-10, 20], non-negative integer
 * counts, count = zeroCount + Σ bucket counts, finite sum, finite zeroThreshold ≥ 0, bucket indices within
 * ±2^31. (min/max may be non-finite: some producers omit them.)
 */
export function validateHistogramParts(parts: ExponentialHistogramData): void {
  const { scale, zeroCount, zeroThreshold, count, sum } = parts;
  if (!Number.isInteger(scale) || scale < MIN_SCALE || scale > MAX_SCALE) {
    fail(`scale ${scale} outside [${MIN_SCALE}, ${MAX_SCALE}]`);
  }
  if (!isCount(zeroCount)) fail(`zeroCount ${zeroCount} is not a non-negative integer`);
  if (!isCount(count)) fail(`count ${count} is not a non-negative integer`);
  if (!(zeroThreshold >= 0 && zeroThreshold < Number.POSITIVE_INFINITY)) {
    fail(`zeroThreshold ${zeroThreshold} must be finite and ≥ 0`);
  }
  if (!Number.isFinite(sum)) fail(`sum ${sum} is not finite`);
  const { min, max } = parts;
  if (Number.isNaN(min) || Number.isNaN(max)) fail(`min/max ${min}/${max} must not be NaN`);
  if (count > 0 && Number.isFinite(min) && Number.isFinite(max) && min > max) fail(`min ${min} > max ${max}`);
  let total = zeroCount;
  for (const name of ['positive', 'negative'] as const) {
    const { offset, counts } = parts[name];
    if (!Number.isSafeInteger(offset)) fail(`${name}.offset ${offset} is not an integer`);
    if (offset < -INDEX_LIMIT || offset + counts.length > INDEX_LIMIT) fail(`${name}.offset ${offset} out of range`);
    for (let i = 0; i < counts.length; i++) {
      const c = counts[i]!;
      if (!isCount(c)) fail(`${name}.counts[${i}] = ${c} is not a non-negative integer`);
      total += c;
    }
  }
  if (total !== count) fail(`count ${count} ≠ zeroCount + bucket counts (${total})`);
}

function fail(what: string): never {
  throw new HistogramDecodeError(`invalid histogram data: ${what}`);
}

function isCount(c: unknown): c is number {
  return typeof c === 'number' && Number.isSafeInteger(c) && c >= 0;
}
