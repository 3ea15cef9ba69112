import type { ServiceSummary } from '../../api/types.js';
import { healthOf } from '../../lib/health.js';

export interface OverviewTotals {
  requestRate: number;
  /** Request-weighted across services; null without requests. */
  errorRate: number | null;
  worstP95Ms: number | null;
  worstP95Service: string | null;
  needAttention: number;
}

export function overviewTotals(services: readonly Omit<ServiceSummary, 'p50Ms' | 'p99Ms'>[]): OverviewTotals {
  let requests = 0;
  let errors = 0;
  let requestRate = 0;
  let worstP95Ms: number | null = null;
  let worstP95Service: string | null = null;
  let needAttention = 0;
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
  }
  return {
    requestRate,
    errorRate: requests === 0 ? null : errors / requests,
    worstP95Ms,
    worstP95Service,
    needAttention,
  };
}
