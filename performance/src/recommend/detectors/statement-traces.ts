import { createHash } from 'node:crypto';
import { exampleTraceIds, mean } from './impact.js';
import { A, str } from './span-attributes.js';
import { type Call, groupBy, type RequestView } from './trace-model.js';

/**
 * What the sampled traces add to a statement from the aggregates: its fingerprint, the routes that run it, how
 * often per request, and the requests where it was slowest. Matching is on `db.query.text` (the normalized text).
 */
export interface StatementTraces {
  fingerprint: string;
  calls: Call[];
  /** Mean calls per request that ran it; 1 when no sampled request did. */
  callsPerRequest: number;
  /** Routes by how many sampled calls they made, most first. */
  routes: { route: string; calls: number }[];
  exampleTraceIds: string[];
}

/** The agent's fingerprint of a normalized statement: first 16 hex digits of its SHA-256. */
export function fingerprint(statement: string): string {
  return createHash('sha256').update(statement, 'utf8').digest('hex').slice(0, 16);
}

export function statementTraces(statement: string, requests: readonly RequestView[]): StatementTraces {
  const calls: (Call & { request: RequestView })[] = [];
  for (const request of requests)
    for (const call of request.calls)
      if (call.kind === 'db' && str(call.span, A.dbQuery) === statement) calls.push({ ...call, request });
  const perRequest = [...groupBy(calls, (c) => c.request.traceId + c.request.root.spanId).values()].map(
    (g) => g.length,
  );
  const routes = [...groupBy(calls, (c) => c.request.route)]
    .map(([route, list]) => ({ route, calls: list.length }))
    .sort((a, b) => b.calls - a.calls || a.route.localeCompare(b.route));
  const slowest = [...calls].sort((a, b) => b.durationMs - a.durationMs);
  return {
    fingerprint: (calls[0] && str(calls[0].span, A.dbFingerprint)) ?? fingerprint(statement),
    calls,
    callsPerRequest: perRequest.length > 0 ? mean(perRequest) : 1,
    routes,
    exampleTraceIds: exampleTraceIds(slowest.map((c) => c.request.traceId)),
  };
}
