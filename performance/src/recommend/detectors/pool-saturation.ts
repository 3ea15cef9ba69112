import type { Detector, Finding } from '../recommendation.js';
import { affectedPerMinute, exampleTraceIds, impact, mean, round, sampledByRoute, windowMinutes } from './impact.js';
import { A, str } from './span-attributes.js';
import { groupBy, requestsOf } from './trace-model.js';

/**
 * Pool saturation: a connection pool with requests waiting (`maxWaiting` ≥ minWaiting) or every connection in use
 * (`saturation` ≥ minSaturation), and waits that matter (wait p95 ≥ minWaitP95Ms). Saving per affected request =
 * its observed `pg.pool.connect` wait (sampled traces); per minute from those traces' routes. Without pool-wait
 * spans, a floor: 5 % of acquisitions waited at least the p95, so waits/min × 5 % × p95.
 */
export type PoolSaturationThresholds = {
  minWaiting: number;
  minSaturation: number;
  minWaitP95Ms: number;
  maxSuggestedPoolSize: number;
};

export const poolSaturation: Detector<PoolSaturationThresholds> = {
  kind: 'pool-saturation',
  defaults: { minWaiting: 1, minSaturation: 1, minWaitP95Ms: 2, maxSuggestedPoolSize: 50 },
  detect(input, t) {
    const requests = requestsOf(input);
    const sampled = sampledByRoute(requests);
    const findings: Finding[] = [];
    for (const pool of input.pools) {
      const saturated = (pool.maxWaiting ?? 0) >= t.minWaiting || (pool.saturation ?? 0) >= t.minSaturation;
      if (!saturated || (pool.waitP95Ms ?? 0) < t.minWaitP95Ms) continue;
      const waits = requests
        .map((request) => ({
          request,
          waitMs: request.poolWaits
            .filter((w) => (str(w, A.poolName) ?? '(default)') === pool.pool)
            .reduce((sum, w) => sum + w.durationMs, 0),
        }))
        .filter((r) => r.waitMs > 0);
      let perRequest: number;
      let perMinute: number;
      if (waits.length > 0) {
        perRequest = mean(waits.map((w) => w.waitMs));
        perMinute = [...groupBy(waits, (w) => w.request.route)].reduce(
          (sum, [route, items]) =>
            sum + affectedPerMinute(input, route, items.length, sampled.get(route) ?? items.length),
          0,
        );
      } else {
        perRequest = pool.waitP95Ms!;
        perMinute = (pool.waits / windowMinutes(input)) * 0.05;
      }
      const peak = Math.max(0, ...pool.series.map((p) => (p.used ?? 0) + (p.waiting ?? 0)));
      const current = pool.maxConnections ?? pool.maxUsed ?? 10;
      const suggested = Math.min(t.maxSuggestedPoolSize, Math.max(current + 1, Math.ceil(peak * 1.2)));
      const routes = [...groupBy(waits, (w) => w.request.route)].sort((a, b) => b[1].length - a[1].length);
      findings.push({
        kind: 'pool-saturation',
        service: input.service,
        route: null,
        key: pool.pool,
        title: `Connection pool ${pool.pool} is exhausted: requests wait up to ${round(pool.waitMaxMs ?? pool.waitP95Ms!, 1)} ms for a connection`,
        evidence: {
          exampleTraceIds: exampleTraceIds(
            [...waits].sort((a, b) => b.waitMs - a.waitMs).map((w) => w.request.traceId),
          ),
          pool: pool.pool,
          maxConnections: pool.maxConnections,
          maxUsed: pool.maxUsed,
          maxWaiting: pool.maxWaiting,
          saturation: pool.saturation,
          waits: pool.waits,
          waitP95Ms: pool.waitP95Ms,
          waitMaxMs: pool.waitMaxMs,
          peakDemand: peak,
          sampledRequestsWaiting: waits.length,
          meanWaitPerAffectedRequestMs: round(perRequest),
          routes: routes.slice(0, 5).map(([route, items]) => ({ route, requests: items.length })),
        },
        impact: impact(perRequest, perMinute),
        fix: {
          text:
            `Requests queue for a connection. First shorten how long each request holds one (N+1 and slow-query ` +
            `findings, no external calls inside transactions); then, if PostgreSQL has headroom (max_connections ÷ ` +
            `instances), raise the pool from ${current} to about ${suggested} (peak demand seen: ${peak}).`,
          language: 'typescript',
          code: `import pg from 'pg';\n\nexport const pool = new pg.Pool({\n  max: ${suggested}, // was ${current}; peak in use + waiting: ${peak}\n  connectionTimeoutMillis: 2_000, // fail fast instead of queueing without bound\n  idleTimeoutMillis: 30_000,\n});`,
        },
      });
    }
    return findings;
  },
};
