import { ExponentialHistogram, type OtlpHistogramDataPoint } from '@stride/agent';
import { parseMinMax } from './exponential-point.js';
import type { IngestLimits } from './ingest-limits.js';
import { finite, parseCount, reject } from './point-rejected-error.js';

/**
 * An OTLP explicit-bucket histogram point as an ExponentialHistogram, so every stored histogram merges with
 * every other. Count, sum, min and max are kept exactly; the shape inside each explicit bucket is lost: all of a
 * bucket's observations are placed at one representative value inside its bounds (narrowed to [min, max]):
 * the geometric midpoint √(lo·hi) when the bucket lies on one side of zero (latencies are log-distributed), the
 * arithmetic midpoint when it straddles zero, and the finite bound for the open-ended first and last buckets
 * when min/max are unknown. Quantiles are therefore only as precise as the producer's buckets.
 * Worked example: bounds [0, 5, 10], counts [0, 2, 3, 1], min 1, max 40 → 2 at √(1·5) ≈ 2.24 (bucket (0, 5]
 * narrowed to (1, 5]), 3 at √(5·10) ≈ 7.07, 1 at √(10·40) = 20; count 6 and the sum as sent.
 */
export function explicitPointToHistogram(
  point: OtlpHistogramDataPoint,
  limits: Pick<IngestLimits, 'maxBucketsPerPoint'>,
): ExponentialHistogram {
  const count = parseCount(point.count, 'count');
  const bounds = point.explicitBounds ?? [];
  if (bounds.length > limits.maxBucketsPerPoint) {
    reject('explicitBounds', `${bounds.length} bounds exceed the limit of ${limits.maxBucketsPerPoint}`);
  }
  for (let i = 0; i < bounds.length; i++) {
    finite(bounds[i]!, `explicitBounds[${i}]`);
    if (i > 0 && !(bounds[i]! > bounds[i - 1]!)) {
      reject(`explicitBounds[${i}]`, `bounds must be strictly increasing, got ${bounds[i - 1]} then ${bounds[i]}`);
    }
  }
  const rawCounts = point.bucketCounts ?? [];
  // No buckets at all is allowed by OTLP (count/sum only): treat it as one bucket spanning everything.
  const counts =
    rawCounts.length === 0 && bounds.length === 0
      ? [count]
      : rawCounts.map((c, i) => parseCount(c, `bucketCounts[${i}]`));
  if (counts.length !== bounds.length + 1) {
    reject(
      'bucketCounts',
      `expected ${bounds.length + 1} bucket counts for ${bounds.length} bounds, got ${counts.length}`,
    );
  }
  const inBuckets = counts.reduce((a, b) => a + b, 0);
  if (inBuckets !== count) reject('bucketCounts', `buckets hold ${inBuckets} observations but count is ${count}`);
  const sum = point.sum === undefined ? undefined : finite(point.sum, 'sum');
  const [min, max] = count === 0 ? [undefined, undefined] : parseMinMax(point);

  const histogram = new ExponentialHistogram();
  const mean = sum !== undefined && count > 0 ? sum / count : 0;
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i]!;
    if (n > 0) histogram.record(representative(bounds[i - 1], bounds[i], min, max, mean), n);
  }
  if (count === 0) return histogram;
  const data = histogram.toData();
  if (sum !== undefined) data.sum = sum;
  if (min !== undefined) data.min = min;
  if (max !== undefined) data.max = max;
  try {
    return ExponentialHistogram.fromData(data);
  } catch (err) {
    return reject('', `not a valid histogram: ${(err as Error).message}`);
  }
}

/** One value standing for every observation in (lower, upper]; `undefined` bounds are the open ends. */
function representative(
  lower: number | undefined,
  upper: number | undefined,
  min: number | undefined,
  max: number | undefined,
  mean: number,
): number {
  let lo = lower ?? Number.NEGATIVE_INFINITY;
  let hi = upper ?? Number.POSITIVE_INFINITY;
  if (min !== undefined && min > lo) lo = Math.min(min, hi);
  if (max !== undefined && max < hi) hi = Math.max(max, lo);
  if (!Number.isFinite(lo) && !Number.isFinite(hi)) return mean;
  if (!Number.isFinite(lo)) return hi;
  if (!Number.isFinite(hi)) return lo;
  if (lo > 0) return Math.sqrt(lo) * Math.sqrt(hi);
  if (hi < 0) return -Math.sqrt(-lo) * Math.sqrt(-hi);
  return (lo + hi) / 2;
}
