/** Why one call to an upstream service failed; `retryable` says whether trying again may help. */
export type UpstreamFailure = 'timeout' | 'connection' | 'status' | 'bad_response';

export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
  constructor(
    readonly failure: UpstreamFailure,
    message: string,
    /** HTTP status for `status` failures. */
    readonly statusCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Timeouts, connection failures (the call carries an idempotency key, so a resend is safe) and 502/503/504. */
  get retryable(): boolean {
    if (this.failure === 'timeout' || this.failure === 'connection') return true;
    return this.failure === 'status' && (this.statusCode === 502 || this.statusCode === 503 || this.statusCode === 504);
  }

  /** Whether the circuit breaker counts this as the upstream being unhealthy (a 4xx is the caller's fault). */
  get isUpstreamFault(): boolean {
    return this.failure !== 'status' || (this.statusCode ?? 500) >= 500;
  }
}
