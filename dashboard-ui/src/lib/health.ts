// Service and route health from apdex and error rate, and the "what needs attention first" order of the
// Overview. Thresholds follow common APM defaults: apdex below 0.7 is poor, below 0.85 fair; more than 5 % of
// responses failing is an incident, more than 1 % a warning.

export type Health = 'red' | 'amber' | 'green' | 'unknown';

export interface HealthThresholds {
  apdexRed: number;
  apdexAmber: number;
  /** Fractions of responses with status >= 500. */
  errorRateRed: number;
  errorRateAmber: number;
}

export const DEFAULT_HEALTH_THRESHOLDS: HealthThresholds = {
  apdexRed: 0.7,
  apdexAmber: 0.85,
  errorRateRed: 0.05,
  errorRateAmber: 0.01,
};

export interface HealthInput {
  apdex: number | null;
  errorRate: number | null;
  requests?: number;
}

export const HEALTH_LABELS: Record<Health, string> = {
  red: 'Critical',
  amber: 'Warning',
  green: 'Healthy',
  unknown: 'No data',
};

/** The worse of the apdex and the error-rate verdicts; unknown only when neither is measured. */
export function healthOf(stats: HealthInput, thresholds: HealthThresholds = DEFAULT_HEALTH_THRESHOLDS): Health {
  const { apdex, errorRate } = stats;
  if ((apdex === null && errorRate === null) || stats.requests === 0) return 'unknown';
  if ((apdex !== null && apdex < thresholds.apdexRed) || (errorRate !== null && errorRate > thresholds.errorRateRed)) {
    return 'red';
  }
  if (
    (apdex !== null && apdex < thresholds.apdexAmber) ||
    (errorRate !== null && errorRate > thresholds.errorRateAmber)
  ) {
    return 'amber';
  }
  return 'green';
}

const HEALTH_RANK: Record<Health, number> = { red: 0, amber: 1, green: 2, unknown: 3 };

/**
 * Orders by health (red first), then by how bad within it: lower apdex, then higher error rate, then busier.
 * Services without data go last.
 */
export function compareByAttention<T extends HealthInput & { name?: string }>(
  a: T,
  b: T,
  thresholds: HealthThresholds = DEFAULT_HEALTH_THRESHOLDS,
): number {
  const rank = HEALTH_RANK[healthOf(a, thresholds)] - HEALTH_RANK[healthOf(b, thresholds)];
  if (rank !== 0) return rank;
  const apdex = (a.apdex ?? 1) - (b.apdex ?? 1);
  if (apdex !== 0) return apdex;
  const errors = (b.errorRate ?? 0) - (a.errorRate ?? 0);
  if (errors !== 0) return errors;
  const busy = (b.requests ?? 0) - (a.requests ?? 0);
  if (busy !== 0) return busy;
  return (a.name ?? '').localeCompare(b.name ?? '');
}
