import type { Detector, Finding } from '../recommendation.js';
import { callExpression } from './call-code.js';
import { affectedPerMinute, exampleTraceIds, impact, mean, round, sampledByRoute } from './impact.js';
import { A, str } from './span-attributes.js';
import { type Call, groupBy, type RequestView, requestsOf } from './trace-model.js';

/**
 * Duplicate concurrent calls: identical DB reads (same fingerprint and `stride.db.params_hash`) or HTTP calls (same
 * method, host and `stride.http.target_hash`) that start while an identical one is still in flight — in the same
 * request or in concurrent requests. Each such duplicate could have awaited the in-flight call (single-flight /
 * DataLoader). Saving per affected request = the duplicates' call time it would no longer spend (downstream load
 * and pool time); latency saved is in the evidence (a duplicate ending after its leader would end with it).
 */
export type DuplicateConcurrentThresholds = { minDuplicates: number; minDuplicateShare: number };

type Keyed = Call & { request: RequestView; identity: string };

interface Duplicate {
  call: Keyed;
  leader: Keyed;
}

function identityOf(call: Call): string | null {
  if (call.kind === 'db' && call.readOnly) {
    const params = str(call.span, A.dbParamsHash);
    return params === null ? null : `${call.signature} ${params}`;
  }
  if (call.kind === 'http' && call.readOnly) {
    const target = str(call.span, A.httpTargetHash);
    return target === null ? null : `${str(call.span, A.method)} ${str(call.span, A.serverAddress)} ${target}`;
  }
  return null;
}

/** Calls that started while an identical call was in flight, with that call (the leader). */
export function findDuplicates(requests: readonly RequestView[]): { duplicates: Duplicate[]; identical: number } {
  const keyed: Keyed[] = [];
  for (const request of requests)
    for (const call of request.calls) {
      const identity = identityOf(call);
      if (identity !== null) keyed.push({ ...call, request, identity });
    }
  const duplicates: Duplicate[] = [];
  for (const list of groupBy(keyed, (k) => k.identity).values()) {
    list.sort((a, b) => a.startMs - b.startMs);
    let leader: Keyed | null = null;
    for (const call of list) {
      if (leader && call.startMs < leader.endMs) duplicates.push({ call, leader });
      else leader = call;
    }
  }
  return { duplicates, identical: keyed.length };
}

export const duplicateConcurrentRequests: Detector<DuplicateConcurrentThresholds> = {
  kind: 'duplicate-concurrent-requests',
  defaults: { minDuplicates: 3, minDuplicateShare: 0.1 },
  detect(input, t) {
    const requests = requestsOf(input);
    const sampled = sampledByRoute(requests);
    const { duplicates } = findDuplicates(requests);
    const callsBySite = new Map<string, number>();
    for (const r of requests)
      for (const c of r.calls) callsBySite.set(c.signature, (callsBySite.get(c.signature) ?? 0) + 1);
    const findings: Finding[] = [];
    for (const [site, dups] of groupBy(duplicates, (d) => d.call.signature)) {
      const share = dups.length / (callsBySite.get(site) ?? dups.length);
      if (dups.length < t.minDuplicates || share < t.minDuplicateShare) continue;
      const byRequest = groupBy(dups, (d) => d.call.request.traceId + d.call.request.root.spanId);
      const avoided = [...byRequest.values()].map((list) => list.reduce((s, d) => s + d.call.durationMs, 0));
      const perRoute = groupBy(
        [...byRequest.values()].map((l) => l[0]!.call.request),
        (r) => r.route,
      );
      const perMinute = [...perRoute].reduce(
        (sum, [route, list]) => sum + affectedPerMinute(input, route, list.length, sampled.get(route) ?? list.length),
        0,
      );
      const sameRequest = dups.filter((d) => d.leader.request === d.call.request).length;
      const first = dups[0]!.call;
      const topRoute = [...perRoute].sort((a, b) => b[1].length - a[1].length)[0]![0];
      findings.push({
        kind: 'duplicate-concurrent-requests',
        service: input.service,
        route: topRoute,
        key: site,
        title: `${dups.length} identical ${first.kind === 'db' ? 'queries' : 'calls'} (${first.label}) started while the same one was in flight`,
        evidence: {
          exampleTraceIds: exampleTraceIds(dups.map((d) => d.call.request.traceId)),
          callSite: first.label,
          duplicates: dups.length,
          duplicateShare: round(share, 3),
          withinSameRequest: sameRequest,
          acrossRequests: dups.length - sameRequest,
          meanCallTimeAvoidedMs: round(mean(avoided)),
          meanLatencySavedMs: round(mean(dups.map((d) => Math.max(0, d.call.endMs - d.leader.endMs)))),
        },
        impact: impact(mean(avoided), perMinute),
        fix: fix(first),
      });
    }
    return findings;
  },
};

function fix(call: Call): Finding['fix'] {
  return {
    text:
      'Identical calls overlap: let the later ones await the call already in flight (single-flight) — per ' +
      'process for concurrent requests, or per request with a DataLoader when one request repeats itself.',
    language: 'typescript',
    code: `// Single-flight: concurrent callers with the same key share one in-flight promise.
const inFlight = new Map<string, Promise<unknown>>();

function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  const running = inFlight.get(key);
  if (running) return running as Promise<T>;
  const promise = load().finally(() => inFlight.delete(key));
  inFlight.set(key, promise);
  return promise;
}

// Before: ${call.label} runs again while an identical call is still running
// After:
const result = await once(JSON.stringify(['${call.label}', id]), () => ${callExpression(call)});`,
  };
}
