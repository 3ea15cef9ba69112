import type { ServiceSummary } from '../../api/types.js';
import { type Health, healthOf } from '../../lib/health.js';

export interface OverviewTotals {
  requestRate: number;
  /** Request-weighted across services; null without requests. */
  errorRate: number | null;
  worstP95Ms: number | null;
  worstP95Service: string | null;
  needAttention: number;
  /** The worst health among the services: colours the "Need attention" tile (amber when none is red). */
  worstHealth: Health;
}

/** How bad each health is; a service without data does not make the tile green. */
const HEALTH_SEVERITY: Record<Health, number> = { unknown: 0, green: 1, amber: 2, red: 3 };

export function overviewTotals(services: readonly Omit<ServiceSummary, 'p50Ms' | 'p99Ms'>[]): OverviewTotals {
  let requests = 0;
  let errors = 0;
  let requestRate = 0;
  let worstP95Ms: number | null = null;
  let worstP95Service: string | null = null;
  let needAttention = 0;
  let worstHealth: Health = 'unknown';
  for (const s of services) {
    requestRate += s.requestRate;
    if (s.errorRate !== null) {
      requests += s.requests;
      errors += s.errorRate * s.requests;
    }
    if (s.p95Ms !== null && (worstP95Ms === null || s.p95Ms > worstP95Ms)) {
      worstP95Ms = s.p95Ms;
      worstP95Service = s.name;
    }
    const health = healthOf(s);
    if (health === 'red' || health === 'amber') needAttention++;
    if (HEALTH_SEVERITY[health] > HEALTH_SEVERITY[worstHealth]) worstHealth = health;
  }
  return {
    requestRate,
    errorRate: requests === 0 ? null : errors / requests,
    worstP95Ms,
    worstP95Service,
    needAttention,
    worstHealth,
  };
}
