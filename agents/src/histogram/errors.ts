/**
 * A cumulative stream went backwards: the earlier snapshot holds more than the current one, which for a
 * cumulative metric means the producer restarted. Callers converting cumulative→delta catch this (for any
 * aggregation kind) and use the current snapshot itself as the delta.
 */
export class CumulativeResetError extends Error {
  override readonly name: string = 'CumulativeResetError';
  readonly statusCode = 409;
  readonly isOperational = true;
}

/**
 * Thrown by `diff(earlier)` when `earlier` holds observations `this` does not (a bucket, the zero count or the
 * total count would go negative). For two cumulative snapshots of one stream that only happens after the
 * producer restarted, so callers treat it as a counter reset and use the newer snapshot as the delta.
 */
export class HistogramResetError extends CumulativeResetError {
  override readonly name: string = 'HistogramResetError';
}

/** Thrown by `decode()` / `fromData()` on bytes or data that do not describe a valid histogram; says what and where. */
export class HistogramDecodeError extends Error {
  override readonly name = 'HistogramDecodeError';
  readonly statusCode = 400;
  readonly isOperational = true;
}
