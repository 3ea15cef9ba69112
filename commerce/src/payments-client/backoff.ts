export interface BackoffOptions {
  baseDelayMillis: number;
  maxDelayMillis: number;
  /** Uniform [0, 1). */
  random: () => number;
}

/**
 * "Full jitter" exponential backoff before retry number `retry` (1 = first retry): uniform in
 * [0, min(max, base · 2^(retry-1))). With base 50 ms: up to 50, 100, 200 ms… so clients that failed together
 * do not retry together.
 */
export function backoffDelayMillis(retry: number, { baseDelayMillis, maxDelayMillis, random }: BackoffOptions): number {
  const ceiling = Math.min(maxDelayMillis, baseDelayMillis * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}
