import type { Detector, Finding } from '../recommendation.js';
import { impact, mean, quantile, round, windowMinutes } from './impact.js';
import { A, str } from './span-attributes.js';
import { tsString } from './sql-rewrite.js';
import { type Call, groupBy, type RequestView, requestsOf } from './trace-model.js';

/**
 * Cacheable reads: one SELECT fingerprint called with the same parameters (`stride.db.params_hash`) returning the
 * same result (`stride.db.result_hash`) across requests. The suggested TTL is how long results were seen to stay
 * the same: the ttlQuantile of the observed unchanged spans that ended in a change (or, with no change seen, the
 * longest unchanged span, capped at maxTtlSeconds), rounded down to a common value. A read-through cache with that
 * TTL is then replayed over the observed calls: the share it would have answered is the hit ratio, and answers
 * that differed from what the database returned are the stale ratio.
 * Example: 200 calls of `select * from categories where id = $1`, 5 distinct ids, results changed twice in an
 * hour → TTL 5 min, 97 % hits, 0 % stale, each hit saves the query's 6 ms − 0.5 ms cache lookup.
 */
export type CacheableReadThresholds = {
  minCalls: number;
  minRequests: number;
  minHitRatio: number;
  maxStaleRatio: number;
  minTtlSeconds: number;
  maxTtlSeconds: number;
  ttlQuantile: number;
  cacheLookupMs: number;
};

const NICE_TTLS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1_800, 3_600, 21_600, 86_400];

type HashedCall = Call & { request: RequestView; params: string; result: string };

export interface CacheReplay {
  hits: number;
  stale: number;
}

/** Replays a per-parameters read-through cache with `ttlMs` over calls sorted by start. */
export function replayCache(calls: readonly HashedCall[], ttlMs: number): CacheReplay {
  const cache = new Map<string, { result: string; storedAt: number }>();
  let hits = 0;
  let stale = 0;
  for (const c of calls) {
    const entry = cache.get(c.params);
    if (entry && c.startMs - entry.storedAt < ttlMs) {
      hits++;
      if (entry.result !== c.result) stale++;
    } else cache.set(c.params, { result: c.result, storedAt: c.startMs });
  }
  return { hits, stale };
}

/** Unchanged spans per parameters: `ended` ones were followed by a different result, ms. */
function stableSpans(calls: readonly HashedCall[]): { ended: number[]; longest: number; changes: number } {
  const ended: number[] = [];
  let longest = 0;
  for (const list of groupBy(calls, (c) => c.params).values()) {
    let runStart = list[0]!.startMs;
    for (let i = 1; i <= list.length; i++) {
      const prev = list[i - 1]!;
      const cur = list[i];
      if (cur && cur.result === prev.result) continue;
      const span = prev.startMs - runStart;
      longest = Math.max(longest, span);
      if (cur) {
        ended.push(span);
        runStart = cur.startMs;
      }
    }
  }
  return { ended, longest, changes: ended.length };
}

export const cacheableRead: Detector<CacheableReadThresholds> = {
  kind: 'cacheable-read',
  defaults: {
    minCalls: 20,
    minRequests: 5,
    minHitRatio: 0.3,
    maxStaleRatio: 0.05,
    minTtlSeconds: 1,
    maxTtlSeconds: 300,
    ttlQuantile: 0.25,
    cacheLookupMs: 0.5,
  },
  detect(input, t) {
    const hashed: HashedCall[] = [];
    for (const request of requestsOf(input))
      for (const call of request.calls) {
        const params = str(call.span, A.dbParamsHash);
        const result = str(call.span, A.dbResultHash);
        if (call.kind === 'db' && call.readOnly && params !== null && result !== null)
          hashed.push({ ...call, request, params, result });
      }
    hashed.sort((a, b) => a.startMs - b.startMs);
    const findings: Finding[] = [];
    for (const [signature, calls] of groupBy(hashed, (c) => c.signature)) {
      const requests = groupBy(calls, (c) => c.request.traceId + c.request.root.spanId);
      if (calls.length < t.minCalls || requests.size < t.minRequests) continue;
      const spans = stableSpans(calls);
      const observedMs =
        spans.ended.length > 0
          ? quantile(spans.ended, t.ttlQuantile)
          : Math.min(spans.longest, t.maxTtlSeconds * 1_000);
      const ttlSeconds = [...NICE_TTLS_S]
        .reverse()
        .find((s) => s * 1_000 <= Math.min(observedMs, t.maxTtlSeconds * 1_000));
      if (ttlSeconds === undefined || ttlSeconds < t.minTtlSeconds) continue;
      const replay = replayCache(calls, ttlSeconds * 1_000);
      const hitRatio = replay.hits / calls.length;
      const staleRatio = replay.hits > 0 ? replay.stale / replay.hits : 0;
      if (hitRatio < t.minHitRatio || staleRatio > t.maxStaleRatio) continue;
      const statement = str(calls[0]!.span, A.dbQuery) ?? calls[0]!.span.name;
      const meanMs = mean(calls.map((c) => c.durationMs));
      const savedPerHitMs = Math.max(0, meanMs - t.cacheLookupMs);
      const callsPerRequest = calls.length / requests.size;
      const stats = input.statements.find((s) => s.statement === statement);
      const callsPerMinute = stats ? stats.calls / windowMinutes(input) : calls.length / windowMinutes(input);
      const routes = [...groupBy(calls, (c) => c.request.route)].sort((a, b) => b[1].length - a[1].length);
      const seen = new Set<string>();
      let repeated = 0;
      for (const c of calls) {
        const k = `${c.params}\u0000${c.result}`;
        if (seen.has(k)) repeated++;
        else seen.add(k);
      }
      findings.push({
        kind: 'cacheable-read',
        service: input.service,
        route: routes[0]![0],
        key: signature.slice(3),
        title: `Cache \`${calls[0]!.span.name}\` for ${ttlSeconds} s: ${Math.round(hitRatio * 100)} % of calls repeat a known result`,
        evidence: {
          exampleTraceIds: [...requests.values()].slice(0, 5).map((list) => list[0]!.request.traceId),
          statement,
          calls: calls.length,
          requests: requests.size,
          distinctParams: groupBy(calls, (c) => c.params).size,
          repeatedResultShare: round(repeated / calls.length, 3),
          resultChanges: spans.changes,
          observedStableSeconds: round(observedMs / 1_000, 1),
          suggestedTtlSeconds: ttlSeconds,
          hitRatio: round(hitRatio, 3),
          staleRatio: round(staleRatio, 3),
          meanMs: round(meanMs),
          routes: routes.slice(0, 5).map(([route, list]) => ({ route, calls: list.length })),
        },
        impact: impact(callsPerRequest * hitRatio * savedPerHitMs, callsPerMinute / callsPerRequest),
        fix: fix(statement, ttlSeconds, calls[0]!.span.name),
      });
    }
    return findings;
  },
};

function fix(statement: string, ttlSeconds: number, name: string): Finding['fix'] {
  const table = name.split(' ')[1] ?? 'rows';
  return {
    text:
      `Serve this read from a cache for ${ttlSeconds} s (results were observed to stay the same at least that ` +
      'long); key it by the statement parameters, and delete the key where the rows are written if staleness ' +
      'matters.',
    language: 'typescript',
    code: `const TTL_SECONDS = ${ttlSeconds};

async function cached${table[0]!.toUpperCase()}${table.slice(1).replace(/\W/g, '')}(params: unknown[]) {
  const key = \`${table}:\${JSON.stringify(params)}\`;
  const hit = await redis.get(key);
  if (hit !== null) return JSON.parse(hit);
  const { rows } = await pool.query(${tsString(statement)}, params);
  await redis.set(key, JSON.stringify(rows), 'EX', TTL_SECONDS);
  return rows;
}`,
  };
}
