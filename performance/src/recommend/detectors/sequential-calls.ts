import type { Detector, Finding } from '../recommendation.js';
import { callExpression, uniqueVariables } from './call-code.js';
import { type CriticalPath, criticalPath } from './critical-path.js';
import { affectedPerMinute, exampleTraceIds, impact, mean, round, sampledByRoute } from './impact.js';
import { A, str } from './span-attributes.js';
import { type Call, groupBy, type RequestView, requestsOf } from './trace-model.js';

/**
 * Sequential independent calls: DB/cache/HTTP reads of one request that ran one after another although none
 * used another's result (`stride.depends_on`, recorded by the agent from actual values — not guessed from SQL).
 * Writes, and every call inside a BEGIN…COMMIT block, are ordering barriers: the reads between two barriers form a
 * segment, and the saving is the segment's observed I/O wall time minus its dependency critical path. Call sites
 * repeated ≥ ignoreRepeatedAtLeast times are left to the N+1 detectors.
 */
export type SequentialCallsThresholds = {
  minSavedMsPerRequest: number;
  minAffectedRequests: number;
  /** Share of the route's sampled requests that must be affected: a saving seen in 1 of 130 is timing noise. */
  minAffectedShare: number;
  ignoreRepeatedAtLeast: number;
};

interface Segment {
  calls: Call[];
  path: CriticalPath;
}

const TX_START = /^(BEGIN|START)/i;
const TX_END = /^(COMMIT|ROLLBACK|END)/i;

/** Splits a request's calls at writes and transactions into runs of reads. */
export function readSegments(calls: readonly Call[], ignoreRepeatedAtLeast: number): Call[][] {
  const counts = new Map<string, number>();
  for (const c of calls) counts.set(c.signature, (counts.get(c.signature) ?? 0) + 1);
  const segments: Call[][] = [];
  let current: Call[] = [];
  let inTransaction = false;
  const cut = () => {
    if (current.length > 0) segments.push(current);
    current = [];
  };
  for (const call of calls) {
    const op = call.kind === 'db' ? (str(call.span, A.dbOperation) ?? call.span.name) : '';
    if (TX_START.test(op)) inTransaction = true;
    if (inTransaction || !call.readOnly) {
      cut();
      if (TX_END.test(op)) inTransaction = false;
      continue;
    }
    if ((counts.get(call.signature) ?? 0) >= ignoreRepeatedAtLeast) continue;
    current.push(call);
  }
  cut();
  return segments;
}

/**
 * When each DB call was issued: a query that waited for a pool connection (`pg.pool.connect` span ending where the
 * query starts) was issued when the wait began. Example: wait 40–90 ms, query 90–95 ms → issued at 40 ms.
 */
export function issuedAt(request: RequestView, toleranceMs = 2): (call: Call) => number {
  const waits = [...request.poolWaits].sort((a, b) => a.startMs + a.durationMs - (b.startMs + b.durationMs));
  const used = new Set<number>();
  const issued = new Map<Call, number>();
  for (const call of request.calls) {
    if (call.kind !== 'db') continue;
    let best = -1;
    for (let i = 0; i < waits.length; i++) {
      const end = waits[i]!.startMs + waits[i]!.durationMs;
      if (used.has(i) || end > call.startMs + toleranceMs || end < call.startMs - toleranceMs) continue;
      if (
        best < 0 ||
        Math.abs(end - call.startMs) < Math.abs(waits[best]!.startMs + waits[best]!.durationMs - call.startMs)
      )
        best = i;
    }
    if (best >= 0) {
      used.add(best);
      issued.set(call, Math.min(call.startMs, waits[best]!.startMs));
    }
  }
  return (call) => issued.get(call) ?? call.startMs;
}

function segmentsOf(request: RequestView, ignoreRepeatedAtLeast: number): Segment[] {
  const issued = issuedAt(request);
  return readSegments(request.calls, ignoreRepeatedAtLeast)
    .filter((calls) => calls.length >= 2)
    .map((calls) => ({ calls, path: criticalPath(calls, issued) }))
    .filter((s) => s.path.savedMs > 0);
}

export const sequentialCalls: Detector<SequentialCallsThresholds> = {
  kind: 'sequential-calls',
  defaults: { minSavedMsPerRequest: 5, minAffectedRequests: 1, minAffectedShare: 0.05, ignoreRepeatedAtLeast: 5 },
  detect(input, t) {
    const requests = requestsOf(input);
    const sampled = sampledByRoute(requests);
    const affected = requests
      .map((request) => ({ request, segments: segmentsOf(request, t.ignoreRepeatedAtLeast) }))
      .map((r) => ({ ...r, savedMs: r.segments.reduce((sum, s) => sum + s.path.savedMs, 0) }))
      .filter((r) => r.savedMs > 0);
    const findings: Finding[] = [];
    for (const [route, items] of groupBy(affected, (r) => r.request.route)) {
      const meanSavedMs = mean(items.map((i) => i.savedMs));
      const sampledOfRoute = sampled.get(route) ?? items.length;
      if (items.length < t.minAffectedRequests || meanSavedMs < t.minSavedMsPerRequest) continue;
      if (items.length < t.minAffectedShare * sampledOfRoute) continue;
      // The example is the segment that saves most in the worst request: its calls are the ones to rewrite.
      const worst = [...items].sort((a, b) => b.savedMs - a.savedMs);
      const segment = [...worst[0]!.segments].sort((a, b) => b.path.savedMs - a.path.savedMs)[0]!;
      findings.push({
        kind: 'sequential-calls',
        service: input.service,
        route,
        key: route,
        title: `${route} waits for ${segment.calls.length} independent calls one after another`,
        evidence: {
          exampleTraceIds: exampleTraceIds(worst.map((i) => i.request.traceId)),
          affectedRequests: items.length,
          sampledRequestsOfRoute: sampledOfRoute,
          meanObservedMs: round(mean(items.map((i) => sum(i.segments, (s) => s.path.observedMs)))),
          meanCriticalPathMs: round(mean(items.map((i) => sum(i.segments, (s) => s.path.criticalPathMs)))),
          meanSavedMs: round(meanSavedMs),
          calls: segment.calls.map((c) => ({
            label: c.label,
            durationMs: round(c.durationMs),
            dependsOn: segment.path.dependent.find((d) => d.call === c)?.after.label ?? null,
          })),
        },
        impact: impact(meanSavedMs, affectedPerMinute(input, route, items.length, sampledOfRoute)),
        fix: fix(segment.path),
      });
    }
    return findings;
  },
};

const sum = <T>(items: readonly T[], f: (item: T) => number) => items.reduce((s, i) => s + f(i), 0);

function fix(path: CriticalPath): Finding['fix'] {
  const all = [...path.independent, ...path.dependent.map((d) => d.call)];
  const names = new Map(all.map((c, i) => [c, uniqueVariables(all)[i]!]));
  const before = all
    .slice()
    .sort((a, b) => a.startMs - b.startMs)
    .map((c) => `const ${names.get(c)} = await ${callExpression(c)};`)
    .join('\n');
  // Independent calls start together; a dependent call chains on the one it needs, still inside the Promise.all.
  const entries = all.map((c) => {
    const dep = path.dependent.find((d) => d.call === c);
    if (!dep) return `  ${callExpression(c)},`;
    return `  // uses a value from ${dep.after.label}: it waits for that call only\n  ${names.get(dep.after)}Promise.then((${names.get(dep.after)}) => ${callExpression(c)}),`;
  });
  const chained = path.dependent.map((d) => d.after).filter((c, i, list) => list.indexOf(c) === i);
  const prelude = chained.map((c) => `const ${names.get(c)}Promise = ${callExpression(c)};`).join('\n');
  const list = all.map((c, i) => (chained.includes(c) ? `  ${names.get(c)}Promise,` : entries[i]!)).join('\n');
  return {
    text:
      "These calls do not use each other's results, so they can run at the same time: start them together " +
      `with Promise.all and the request waits for the slowest chain (${round(path.criticalPathMs)} ms) instead of ` +
      `their sum (${round(path.observedMs)} ms).`,
    language: 'typescript',
    code: `// Before: one after another\n${before}\n\n// After: together\n${prelude === '' ? '' : `${prelude}\n`}const [${all.map((c) => names.get(c)).join(', ')}] = await Promise.all([\n${list}\n]);`,
  };
}
