import type { Call } from './trace-model.js';
import { dependsOn, unionMs } from './trace-model.js';

/**
 * How long a group of calls would take if each started as soon as the calls it depends on had finished: the
 * longest chain of `stride.depends_on` edges weighted by duration (the critical path). Compared with the wall time
 * the calls covered as observed, the difference is what parallelism would save.
 * Example: A 10 ms, B 20 ms (independent), C 5 ms depends on A → observed 35 ms sequentially, critical path
 * max(10 + 5, 20) = 20 ms, saving 15 ms.
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

export function criticalPath(calls: readonly Call[]): CriticalPath {
  const finish = new Map<string, number>();
  const byId = new Map(calls.map((c) => [c.span.spanId, c]));
  const independent: Call[] = [];
  const dependent: { call: Call; after: Call }[] = [];
  let criticalPathMs = 0;
  // Calls come sorted by start and a dependency always started (and ended) earlier, so one pass suffices.
  for (const call of calls) {
    const deps = dependsOn(call.span)
      .map((id) => byId.get(id))
      .filter((c): c is Call => c !== undefined);
    const ready = Math.max(0, ...deps.map((d) => finish.get(d.span.spanId) ?? 0));
    const end = ready + call.durationMs;
    finish.set(call.span.spanId, end);
    criticalPathMs = Math.max(criticalPathMs, end);
    if (deps.length === 0) independent.push(call);
    else dependent.push({ call, after: deps[deps.length - 1]! });
  }
  const observedMs = unionMs(calls);
  return { observedMs, criticalPathMs, savedMs: Math.max(0, observedMs - criticalPathMs), independent, dependent };
}
