/**
 * Why one data point (or every point of one metric) was not accepted. `field` is the path below the point, e.g.
 * `bucketCounts[3]` or `attributes["http.route"]`; the request walker prefixes the point's own path so the
 * client reads `resourceMetrics[0].scopeMetrics[0].metrics[2].histogram.dataPoints[5].bucketCounts[3]: …`.
 */
export class PointRejectedError extends Error {
  override readonly name = 'PointRejectedError';
  readonly statusCode = 400;
  readonly isOperational = true;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export const reject = (field: string, message: string): never => {
  throw new PointRejectedError(field, message);
};

/** An OTLP 64-bit count (decimal string or number) as a safe, non-negative integer. */
export function parseCount(value: string | number | undefined, field: string): number {
  if (value === undefined) return 0;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) return reject(field, `expected a count below 2^53, got ${JSON.stringify(value)}`);
  if (n < 0) return reject(field, `count must not be negative, got ${n}`);
  return n;
}

/** A double that must be finite (no NaN, no ±Infinity). */
export function finite(value: number, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return reject(field, `expected a finite number, got ${String(value)}`);
  }
  return value;
}
