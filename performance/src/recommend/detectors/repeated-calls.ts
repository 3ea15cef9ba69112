import { affectedPerMinute, exampleTraceIds, mean, round, sampledByRoute } from './impact.js';
import type { Call, RequestView } from './trace-model.js';
import { groupBy, unionMs } from './trace-model.js';

/**
 * The N+1 core shared by the DB and HTTP detectors: calls of one signature repeated ≥ minCallsPerRequest times
 * under one request, sequential or concurrent alike (a Promise.all fan-out still costs N round trips and N pool
 * slots), grouped across the requests of one route.
 * Example: `GET /orders/:id` runs `SELECT … FROM items WHERE order_id = $1` 12× in 3 of 4 sampled requests.
 */
// A type alias (not an interface) so it is assignable to the registry's Record<string, number>.
export type RepeatedCallsThresholds = {
  minCallsPerRequest: number;
  minAffectedRequests: number;
  minCallTimeSavedMs: number;
};

export interface RepeatedInRequest {
  request: RequestView;
  calls: Call[];
  /** Wall time the calls covered (union of intervals), ms. */
  coveredMs: number;
  /** Latency saved: one batched round trip is assumed to take about as long as the slowest single call. */
  savedMs: number;
  /** Call time no longer spent (sum of durations − the slowest): the DB/dependency load saved, ms. */
  callTimeSavedMs: number;
  /** Any two of the calls overlapped in time (a concurrent fan-out). */
  concurrent: boolean;
}

export interface RepeatedGroup {
  route: string;
  signature: string;
  occurrences: RepeatedInRequest[];
  sampledRequestsOfRoute: number;
  affectedPerMinute: number;
  meanSavedMs: number;
  evidence: {
    exampleTraceIds: string[];
    affectedRequests: number;
    sampledRequestsOfRoute: number;
    meanCallsPerRequest: number;
    maxCallsPerRequest: number;
    meanCallMs: number;
    /** Mean wall time covered by the repeated calls per affected request, ms. */
    meanCoveredMs: number;
    /** Mean call time avoided per affected request (sum of the calls − one), ms: the load a batch removes. */
    meanCallTimeSavedMs: number;
    /** Mean share of the request's duration spent in the repeated calls, 0–1. */
    shareOfRequest: number;
    /** Share of affected requests where the calls ran concurrently (Promise.all fan-out). */
    concurrentShare: number;
  };
}

function overlaps(calls: readonly Call[]): boolean {
  for (let i = 1; i < calls.length; i++) if (calls[i]!.startMs < calls[i - 1]!.endMs) return true;
  return false;
}

export function findRepeatedCalls(
  input: Parameters<typeof affectedPerMinute>[0],
  requests: readonly RequestView[],
  select: (call: Call) => boolean,
  t: RepeatedCallsThresholds,
): RepeatedGroup[] {
  const sampled = sampledByRoute(requests);
  const found: { route: string; signature: string; occurrence: RepeatedInRequest }[] = [];
  for (const request of requests) {
    for (const [signature, calls] of groupBy(request.calls.filter(select), (c) => c.signature)) {
      if (calls.length < t.minCallsPerRequest) continue;
      const coveredMs = unionMs(calls);
      const slowest = Math.max(...calls.map((c) => c.durationMs));
      found.push({
        route: request.route,
        signature,
        occurrence: {
          request,
          calls,
          coveredMs,
          savedMs: coveredMs - slowest,
          callTimeSavedMs: calls.reduce((sum, c) => sum + c.durationMs, 0) - slowest,
          concurrent: overlaps(calls),
        },
      });
    }
  }
  const groups: RepeatedGroup[] = [];
  for (const items of groupBy(found, (f) => `${f.route}\u0000${f.signature}`).values()) {
    const { route, signature } = items[0]!;
    const occurrences = items.map((i) => i.occurrence);
    const meanSavedMs = mean(occurrences.map((o) => o.savedMs));
    // A concurrent fan-out saves little wall time but N−1 round trips of load, so the bar is on call time saved.
    const meanCallTimeSavedMs = mean(occurrences.map((o) => o.callTimeSavedMs));
    if (occurrences.length < t.minAffectedRequests || meanCallTimeSavedMs < t.minCallTimeSavedMs) continue;
    const sampledRequestsOfRoute = sampled.get(route) ?? occurrences.length;
    const worstFirst = [...occurrences].sort((a, b) => b.coveredMs - a.coveredMs);
    const counts = occurrences.map((o) => o.calls.length);
    groups.push({
      route,
      signature,
      occurrences,
      sampledRequestsOfRoute,
      affectedPerMinute: affectedPerMinute(input, route, occurrences.length, sampledRequestsOfRoute),
      meanSavedMs,
      evidence: {
        exampleTraceIds: exampleTraceIds(worstFirst.map((o) => o.request.traceId)),
        affectedRequests: occurrences.length,
        sampledRequestsOfRoute,
        meanCallsPerRequest: round(mean(counts), 1),
        maxCallsPerRequest: Math.max(...counts),
        meanCallMs: round(mean(occurrences.flatMap((o) => o.calls.map((c) => c.durationMs)))),
        meanCoveredMs: round(mean(occurrences.map((o) => o.coveredMs))),
        meanCallTimeSavedMs: round(meanCallTimeSavedMs),
        shareOfRequest: round(mean(occurrences.map((o) => o.coveredMs / Math.max(o.request.durationMs, 1e-9))), 3),
        concurrentShare: round(occurrences.filter((o) => o.concurrent).length / occurrences.length, 3),
      },
    });
  }
  return groups.sort((a, b) => b.meanSavedMs * b.affectedPerMinute - a.meanSavedMs * a.affectedPerMinute);
}
