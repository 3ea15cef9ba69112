/**
 * Load profiles: how hard, how long, and what counts as passing. Registry keyed by name; a new profile is an added
 * entry. Rates are requests per second over all connections; no rate means as fast as the target answers.
 */
export interface LoadProfile {
  description: string;
  connections: number;
  overallRatePerSecond: number | undefined;
  durationMillis: number;
  /** A request without an answer after this long is an error (and its connection is replaced). */
  timeoutMillis: number;
  /** Default thresholds (see thresholds.ts); `--threshold` overrides them by `target.metric`. */
  thresholds: readonly string[];
}

export const LOAD_PROFILES = {
  baseline: {
    description: 'gentle, rate-limited traffic: the latency a shopper sees on a quiet day',
    connections: 8,
    overallRatePerSecond: 50,
    durationMillis: 30_000,
    timeoutMillis: 10_000,
    thresholds: ['browse.p95<300', 'detail.p95<200', 'pricing.p95<300', 'checkout.p95<1000', 'all.errorRate<0.01'],
  },
  stress: {
    description: 'high concurrency, no rate limit: throughput and how latency degrades at saturation',
    connections: 64,
    overallRatePerSecond: undefined,
    durationMillis: 60_000,
    timeoutMillis: 15_000,
    thresholds: ['browse.p95<1500', 'detail.p95<1000', 'pricing.p95<1500', 'checkout.p95<3000', 'all.errorRate<0.05'],
  },
  soak: {
    description: 'moderate traffic for a long time: leaks, pool exhaustion and slow drift',
    connections: 16,
    overallRatePerSecond: 30,
    durationMillis: 600_000,
    timeoutMillis: 10_000,
    thresholds: ['browse.p95<300', 'detail.p95<200', 'pricing.p95<300', 'checkout.p95<1000', 'all.errorRate<0.01'],
  },
} as const satisfies Record<string, LoadProfile>;

export type LoadProfileName = keyof typeof LOAD_PROFILES;
export const LOAD_PROFILE_NAMES = Object.keys(LOAD_PROFILES) as LoadProfileName[];

export function isLoadProfileName(value: unknown): value is LoadProfileName {
  return typeof value === 'string' && Object.hasOwn(LOAD_PROFILES, value);
}
