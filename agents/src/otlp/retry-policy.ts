/** Status codes the OTLP/HTTP specification says to retry; every other non-2xx is final for that batch. */
export const RETRYABLE_STATUS_CODES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

export interface BackoffOptions {
  initialBackoffMillis: number;
  maxBackoffMillis: number;
}

/**
 * Exponential backoff with full jitter (AWS architecture blog): uniform in [0, min(max, initial·2^attempt)).
 * Example with initial 500, max 5000: attempt 0 → [0,500), 1 → [0,1000), 3 → [0,4000), 4+ → [0,5000).
 */
export function backoffMillis(attempt: number, options: BackoffOptions, random: () => number): number {
  const ceiling = Math.min(options.maxBackoffMillis, options.initialBackoffMillis * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/**
 * Retry-After as a delay in ms from `nowMs`: either delay-seconds (`"3"`) or an HTTP date
 * (`"Wed, 21 Oct 2015 07:28:00 GMT"`). Undefined when absent or unparseable; 0 for dates in the past.
 */
export function parseRetryAfterMillis(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // HTTP dates name the day and month; this keeps Date.parse from reading '-1' as the year -1.
  const dateMs = /[a-z]/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, dateMs - nowMs);
}
