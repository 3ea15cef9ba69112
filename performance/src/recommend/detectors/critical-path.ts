import type { Call } from './trace-model.js';
import { dependsOn } from './trace-model.js';

/**
 * How long a group of calls would take if each started as soon as the calls it depends on had finished: the
 * longest chain of `stride.depends_on` edges weighted by duration (the critical path). Compared with the wall time
 * the calls covered as observed, the difference is what parallelism would save.
 * Example: A 10 ms, B 20 ms (independent), C 5 ms depends on A → observed 35 ms sequentially, critical path
 * max(10 + 5, 20) = 20 ms, saving 15 ms. Calls issued while another was still running were started together by the
 * code and count as one unit (their wall time together), so a Promise.all that a busy pool serialized saves nothing.
 */
export interface CriticalPath {
  observedMs: number;
  criticalPathMs: number;
  savedMs: number;
  /** Calls that depend on no earlier call of the group (can start at once). */
  independent: Call[];
  /** Calls that depend on an earlier call of the group, with the latest-starting call they wait for. */
  dependent: { call: Call; after: Call }[];
}

export function criticalPath(
  calls: readonly Call[],
  issuedAtMs: (call: Call) => number = (c) => c.startMs,
): CriticalPath {
  const byId = new Map(calls.map((c) => [c.span.spanId, c]));
  const independent: Call[] = [];
  const dependent: { call: Call; after: Call }[] = [];
  // Calls the code started together — overlapping from when each was issued (a pool wait before a query counts:
  // a Promise.all of 3 queries on a busy pool runs them one after another, yet the code is already parallel) — form
  // one unit that no rewrite can shorten; only the order between units is the code's choice.
  const units: { startMs: number; endMs: number; unit: number }[] = [];
  const unitOf = new Map<string, number>();
  for (const call of [...calls].sort(
    (a, b) => Math.min(issuedAtMs(a), a.startMs) - Math.min(issuedAtMs(b), b.startMs),
  )) {
    const startMs = Math.min(issuedAtMs(call), call.startMs);
    const last = units[units.length - 1];
    if (last && startMs < last.endMs) last.endMs = Math.max(last.endMs, call.endMs);
    else units.push({ startMs, endMs: call.endMs, unit: units.length });
    unitOf.set(call.span.spanId, units.length - 1);
  }
  const unitDeps = units.map(() => new Set<number>());
  // Calls come sorted by start and a dependency always started (and ended) earlier, so one pass suffices.
  for (const call of calls) {
    const deps = dependsOn(call.span)
      .map((id) => byId.get(id))
      .filter((c): c is Call => c !== undefined);
    const own = unitOf.get(call.span.spanId)!;
    for (const d of deps) if (unitOf.get(d.span.spanId) !== own) unitDeps[own]!.add(unitOf.get(d.span.spanId)!);
    if (deps.length === 0) independent.push(call);
    else dependent.push({ call, after: deps[deps.length - 1]! });
  }
  // Units are in time order and depend only on earlier units: one pass gives each its earliest finish.
  const finish: number[] = [];
  let criticalPathMs = 0;
  let observedMs = 0;
  for (const u of units) {
    const spanMs = u.endMs - u.startMs;
    const ready = Math.max(0, ...[...unitDeps[u.unit]!].map((d) => finish[d] ?? 0));
    finish[u.unit] = ready + spanMs;
    criticalPathMs = Math.max(criticalPathMs, finish[u.unit]!);
    observedMs += spanMs;
  }
  return { observedMs, criticalPathMs, savedMs: Math.max(0, observedMs - criticalPathMs), independent, dependent };
}
