import {
  ExponentialHistogram,
  type ExponentialHistogramData,
  type OtlpExponentialHistogramDataPoint,
} from '@stride/agent';
import type { IngestLimits } from './ingest-limits.js';
import { finite, parseCount, reject } from './point-rejected-error.js';

const MIN_SCALE = -10;
const MAX_SCALE = 20;
/** |log2| of the largest and smallest doubles: bucket boundaries beyond it are 0 or Infinity. */
const MAX_EXPONENT = 1023;

interface Side {
  offset: number;
  counts: number[];
}

/**
 * An OTLP exponential-histogram point as an ExponentialHistogram, validated. Optional fields the producer left
 * out are estimated from the buckets: min/max as the outermost non-empty bucket boundary, sum from bucket midpoints.
 */
export function exponentialPointToHistogram(
  point: OtlpExponentialHistogramDataPoint,
  limits: Pick<IngestLimits, 'maxBucketsPerPoint'>,
): ExponentialHistogram {
  const scale = point.scale ?? 0;
  if (!Number.isInteger(scale) || scale < MIN_SCALE || scale > MAX_SCALE) {
    reject('scale', `scale must be an integer in [${MIN_SCALE}, ${MAX_SCALE}], got ${scale}`);
  }
  const count = parseCount(point.count, 'count');
  const zeroCount = parseCount(point.zeroCount, 'zeroCount');
  const zeroThreshold = finite(point.zeroThreshold ?? 0, 'zeroThreshold');
  if (zeroThreshold < 0) reject('zeroThreshold', `zeroThreshold must not be negative, got ${zeroThreshold}`);
  const positive = parseSide(point.positive, 'positive', scale, limits.maxBucketsPerPoint);
  const negative = parseSide(point.negative, 'negative', scale, limits.maxBucketsPerPoint);
  const inBuckets = zeroCount + total(positive.counts) + total(negative.counts);
  if (inBuckets !== count) {
    reject('count', `buckets and zeroCount hold ${inBuckets} observations but count is ${count}`);
  }
  const sum = point.sum === undefined ? estimateSum(positive, negative, scale) : finite(point.sum, 'sum');
  const [min, max] = count === 0 ? [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY] : parseMinMax(point);
  const data: ExponentialHistogramData = {
    scale,
    zeroCount,
    zeroThreshold,
    positive,
    negative,
    count,
    sum,
    min: min ?? estimateMin(positive, negative, zeroCount, scale),
    max: max ?? estimateMax(positive, negative, zeroCount, scale),
  };
  // Everything fromData checks was checked above, unless the sum is an estimate (which can overflow to Infinity).
  if (point.sum !== undefined) return ExponentialHistogram.fromValidatedData(data);
  try {
    return ExponentialHistogram.fromData(data);
  } catch (err) {
    return reject('', `not a valid exponential histogram: ${(err as Error).message}`);
  }
}

/** Optional min/max of a non-empty histogram point: finite and ordered when present. */
export function parseMinMax(point: { min?: number; max?: number }): [number | undefined, number | undefined] {
  const min = point.min === undefined ? undefined : finite(point.min, 'min');
  const max = point.max === undefined ? undefined : finite(point.max, 'max');
  if (min !== undefined && max !== undefined && min > max) reject('min', `min ${min} is greater than max ${max}`);
  return [min, max];
}

function parseSide(
  buckets: OtlpExponentialHistogramDataPoint['positive'],
  field: string,
  scale: number,
  maxBuckets: number,
): Side {
  const offset = buckets?.offset ?? 0;
  const raw = buckets?.bucketCounts ?? [];
  if (!Number.isInteger(offset)) reject(`${field}.offset`, `expected an integer, got ${offset}`);
  if (raw.length > maxBuckets)
    reject(`${field}.bucketCounts`, `${raw.length} buckets exceed the limit of ${maxBuckets}`);
  const counts = raw.map((c, i) => parseCount(c, `${field}.bucketCounts[${i}]`));
  if (counts.length > 0) {
    // Bucket i spans (2^((offset+i)/2^scale), 2^((offset+i+1)/2^scale)]: both ends must be representable doubles.
    const perPowerOfTwo = 2 ** scale;
    if (offset / perPowerOfTwo < -MAX_EXPONENT || (offset + counts.length) / perPowerOfTwo > MAX_EXPONENT) {
      reject(
        `${field}.offset`,
        `buckets ${offset}..${offset + counts.length} at scale ${scale} exceed the range of doubles`,
      );
    }
  }
  return { offset, counts };
}

const total = (counts: readonly number[]) => counts.reduce((a, b) => a + b, 0);
const boundary = (index: number, scale: number) => 2 ** (index / 2 ** scale);

function firstNonEmpty(counts: readonly number[]): number {
  return counts.findIndex((c) => c > 0);
}
function lastNonEmpty(counts: readonly number[]): number {
  for (let i = counts.length - 1; i >= 0; i--) if (counts[i]! > 0) return i;
  return -1;
}

function estimateMin(positive: Side, negative: Side, zeroCount: number, scale: number): number {
  const neg = lastNonEmpty(negative.counts);
  if (neg >= 0) return -boundary(negative.offset + neg + 1, scale);
  if (zeroCount > 0) return 0;
  const pos = firstNonEmpty(positive.counts);
  return pos >= 0 ? boundary(positive.offset + pos, scale) : Number.POSITIVE_INFINITY;
}

function estimateMax(positive: Side, negative: Side, zeroCount: number, scale: number): number {
  const pos = lastNonEmpty(positive.counts);
  if (pos >= 0) return boundary(positive.offset + pos + 1, scale);
  if (zeroCount > 0) return 0;
  const neg = firstNonEmpty(negative.counts);
  return neg >= 0 ? -boundary(negative.offset + neg, scale) : Number.NEGATIVE_INFINITY;
}

/** Σ count × geometric bucket midpoint; used only when a producer omits `sum` (allowed for negative values). */
function estimateSum(positive: Side, negative: Side, scale: number): number {
  const midFactor = Math.sqrt(boundary(1, scale));
  let sum = 0;
  positive.counts.forEach((c, i) => {
    if (c > 0) sum += c * boundary(positive.offset + i, scale) * midFactor;
  });
  negative.counts.forEach((c, i) => {
    if (c > 0) sum -= c * boundary(negative.offset + i, scale) * midFactor;
  });
  return sum;
}
