import type { Detector } from '../recommendation.js';
import { exampleTraceIds, impact, mean, round, windowMinutes } from './impact.js';
import { A, str } from './span-attributes.js';
import { groupBy, requestsOf } from './trace-model.js';

/**
 * Low cache hit ratio: ≥ minLookups lookups (`stride.cache.lookups`) with a hit ratio under minHitRatio. The miss
 * cost is measured: the DB/HTTP call that followed each sampled miss in the same request within fillWindowMs
 * (the fill); without one, the service's mean statement time. Saving: lifting the ratio to minHitRatio avoids
 * (minHitRatio − ratio) of lookups per minute, each worth one fill.
 */
export type LowCacheHitRatioThresholds = { minLookups: number; minHitRatio: number; fillWindowMs: number };

export const lowCacheHitRatio: Detector<LowCacheHitRatioThresholds> = {
  kind: 'low-cache-hit-ratio',
  defaults: { minLookups: 1_000, minHitRatio: 0.8, fillWindowMs: 50 },
  detect(input, t) {
    const cache = input.cache;
    if (!cache || cache.hitRatio === null || cache.lookups < t.minLookups || cache.hitRatio >= t.minHitRatio) return [];
    const requests = requestsOf(input);
    const misses: { traceId: string; prefix: string; fillMs: number | null }[] = [];
    const families = new Map<string, { hits: number; misses: number }>();
    for (const request of requests)
      request.calls.forEach((call, i) => {
        const result = str(call.span, A.cacheResult);
        if (call.kind !== 'cache' || (result !== 'hit' && result !== 'miss')) return;
        const prefix = str(call.span, A.cacheKeyPrefix) ?? '(none)';
        const family = families.get(prefix) ?? { hits: 0, misses: 0 };
        family[result === 'hit' ? 'hits' : 'misses']++;
        families.set(prefix, family);
        if (result !== 'miss') return;
        const fill = request.calls
          .slice(i + 1)
          .find((c) => c.kind !== 'cache' && c.startMs >= call.endMs && c.startMs - call.endMs <= t.fillWindowMs);
        misses.push({ traceId: request.traceId, prefix, fillMs: fill ? fill.durationMs : null });
      });
    const fills = misses.map((m) => m.fillMs).filter((ms): ms is number => ms !== null);
    const dbCalls = input.statements.reduce((n, s) => n + s.calls, 0);
    const fallback = dbCalls > 0 ? input.statements.reduce((n, s) => n + s.totalTimeMs, 0) / dbCalls : 0;
    const fillMs = fills.length > 0 ? mean(fills) : fallback;
    const ratio = cache.hitRatio;
    const lookupsPerMinute = cache.lookups / windowMinutes(input);
    const missRequests = groupBy(misses, (m) => m.traceId);
    const missesPerRequest = missRequests.size > 0 ? misses.length / missRequests.size : 1;
    const avoidable = (t.minHitRatio - ratio) / Math.max(1 - ratio, 1e-9);
    const worst = [...families]
      .map(([prefix, f]) => ({ prefix, lookups: f.hits + f.misses, hitRatio: round(f.hits / (f.hits + f.misses), 3) }))
      .sort((a, b) => a.hitRatio - b.hitRatio || b.lookups - a.lookups)
      .slice(0, 5);
    const prefix = worst[0]?.prefix ?? 'key';
    return [
      {
        kind: 'low-cache-hit-ratio',
        service: input.service,
        route: null,
        key: 'cache',
        title: `Cache hit ratio ${round(ratio * 100, 1)} % (target ${round(t.minHitRatio * 100)} %)`,
        evidence: {
          exampleTraceIds: exampleTraceIds(misses.map((m) => m.traceId)),
          lookups: cache.lookups,
          hits: cache.hits,
          misses: cache.misses,
          hitRatio: round(ratio, 3),
          operations: cache.operations.slice(0, 5),
          keyFamilies: worst,
          meanFillMs: round(fillMs),
          fillSource: fills.length > 0 ? 'call after miss' : 'mean statement time',
        },
        impact: impact(missesPerRequest * avoidable * fillMs, (lookupsPerMinute * (1 - ratio)) / missesPerRequest),
        fix: {
          text:
            `Most lookups miss (worst key family: ${prefix}). Check that keys do not contain per-request parts ` +
            '(timestamps, session ids, unsorted parameters), that every miss writes the value back, and that the ' +
            'TTL is not shorter than how long the data stays valid; warm the hottest keys on deploy.',
          language: 'typescript',
          code: `// Cache-aside: every miss fills the cache, with a TTL matching how long the data stays valid.
async function get${prefix === '(none)' || prefix === 'key' ? 'Value' : prefix.replace(/(^|[^a-zA-Z0-9])([a-zA-Z0-9])/g, (_, __, c: string) => c.toUpperCase())}(id: string) {
  const key = \`${prefix === '(none)' ? 'item' : prefix}:\${id}\`; // stable: no timestamps or request ids in keys
  const hit = await redis.get(key);
  if (hit !== null) return JSON.parse(hit);
  const value = await load(id);
  await redis.set(key, JSON.stringify(value), 'EX', 300);
  return value;
}`,
        },
      },
    ];
  },
};
