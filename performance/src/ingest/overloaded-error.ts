/**
 * Thrown by a `write` (store wiring) that cannot take more points right now — a full write queue, a busy
 * database. The OTLP route answers 503 with `Retry-After: retryAfterSeconds`, which OTLP exporters honour before
 * retrying, instead of a 500 that they would not retry.
 */
export class OverloadedError extends Error {
  override readonly name = 'OverloadedError';
  readonly statusCode = 503;
  readonly isOperational = true;
  constructor(
    message = 'the metrics store is overloaded',
    readonly retryAfterSeconds = 5,
  ) {
    super(message);
  }
}
