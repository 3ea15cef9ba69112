import type { Detector, Finding } from '../recommendation.js';
import { affectedPerMinute, exampleTraceIds, impact, mean, round, sampledByRoute } from './impact.js';
import { groupBy, type RequestView, requestsOf } from './trace-model.js';

/**
 * Event-loop blocking, two ways.
 * Runtime (route null): event-loop delay p99 ≥ maxDelayP99Ms in ≥ minStepShare of the steps with data, or mean
 * utilization ≥ maxUtilization. Saving per request = the mean delay above maxDelayP99Ms over all steps (an upper
 * bound: p99 is the tail); per minute × all observed requests.
 * Gaps (per route): stretches of ≥ minGapMs inside a request with no DB/cache/HTTP call or pool wait in flight — synchronous
 * work such as JSON of a big payload, crypto or a tight loop (or I/O the agent does not see). Saving per request
 * = the mean total of such gaps (what the work costs if it is removed, cached or moved to a worker).
 */
export type EventLoopBlockingThresholds = {
  maxDelayP99Ms: number;
  minStepShare: number;
  maxUtilization: number;
  minGapMs: number;
  minAffectedRequests: number;
};

/**
 * Idle stretches of a request (no call in flight) of at least minGapMs, ms. A `pg.pool.connect` wait counts as in
 * flight: the request is waiting for a connection, not computing — on a saturated pool those waits are long and
 * would otherwise be reported as synchronous work (pool-saturation covers them).
 */
export function requestGaps(request: RequestView, minGapMs: number): number[] {
  const busy = [
    ...request.calls.map((c) => ({ startMs: c.startMs, endMs: c.endMs })),
    ...request.poolWaits.map((w) => ({ startMs: w.startMs, endMs: w.startMs + w.durationMs })),
  ].sort((a, b) => a.startMs - b.startMs);
  const gaps: number[] = [];
  let cursor = request.startMs;
  for (const call of busy) {
    if (call.startMs - cursor >= minGapMs) gaps.push(call.startMs - cursor);
    cursor = Math.max(cursor, call.endMs);
  }
  if (request.endMs - cursor >= minGapMs) gaps.push(request.endMs - cursor);
  return gaps;
}

const WORKER_FIX = `// Move CPU-heavy work off the event loop (here: building a large report), so other requests keep flowing.
import { Worker } from 'node:worker_threads';

function inWorker<T>(file: URL, data: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, { workerData: data });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}
const report = await inWorker(new URL('./build-report.js', import.meta.url), { orderIds });
// Or, for long loops, yield between chunks: await new Promise((r) => setImmediate(r));`;

export const eventLoopBlocking: Detector<EventLoopBlockingThresholds> = {
  kind: 'event-loop-blocking',
  defaults: { maxDelayP99Ms: 100, minStepShare: 0.1, maxUtilization: 0.9, minGapMs: 50, minAffectedRequests: 2 },
  detect(input, t) {
    const findings: Finding[] = [];
    const requests = requestsOf(input);
    const delays = (input.runtime.eventLoopDelayP99Ms ?? []).map((p) => p.v).filter((v): v is number => v !== null);
    const elu = (input.runtime.eventLoopUtilization ?? []).map((p) => p.v).filter((v): v is number => v !== null);
    const over = delays.filter((d) => d >= t.maxDelayP99Ms);
    const stepShare = delays.length > 0 ? over.length / delays.length : 0;
    const meanElu = elu.length > 0 ? mean(elu) : 0;
    if ((delays.length > 0 && stepShare >= t.minStepShare) || meanElu >= t.maxUtilization) {
      const excess = mean(delays.map((d) => Math.max(0, d - t.maxDelayP99Ms)));
      const requestsPerMinute = input.routes.reduce((sum, r) => sum + r.requestRate * 60, 0);
      const slowest = [...requests].sort((a, b) => b.durationMs - a.durationMs);
      findings.push({
        kind: 'event-loop-blocking',
        service: input.service,
        route: null,
        key: 'runtime',
        title: `Event loop blocked: delay p99 up to ${round(Math.max(0, ...delays), 1)} ms, utilization ${round(meanElu * 100, 1)} %`,
        evidence: {
          exampleTraceIds: exampleTraceIds(slowest.map((r) => r.traceId)),
          maxDelayP99Ms: round(Math.max(0, ...delays), 1),
          meanDelayP99Ms: round(mean(delays), 1),
          stepsOverThreshold: over.length,
          stepsWithData: delays.length,
          stepShare: round(stepShare, 3),
          meanUtilization: round(meanElu, 3),
          maxUtilization: round(Math.max(0, ...elu), 3),
        },
        impact: impact(excess, requestsPerMinute),
        fix: {
          text:
            'Synchronous work is holding the event loop, delaying every request in flight. Find it with a CPU ' +
            'profile (`node --cpu-prof`, or the routes with long gaps below), then remove, cache, chunk or move it ' +
            'to a worker thread; if utilization is high across the board, add instances.',
          language: 'typescript',
          code: WORKER_FIX,
        },
      });
    }
    const sampled = sampledByRoute(requests);
    const gapped = requests
      .map((request) => ({ request, gaps: requestGaps(request, t.minGapMs) }))
      .filter((r) => r.gaps.length > 0);
    for (const [route, items] of groupBy(gapped, (r) => r.request.route)) {
      if (items.length < t.minAffectedRequests) continue;
      const totals = items.map((i) => i.gaps.reduce((a, b) => a + b, 0));
      const of = sampled.get(route) ?? items.length;
      findings.push({
        kind: 'event-loop-blocking',
        service: input.service,
        route,
        key: `gap ${route}`,
        title: `${route} spends ~${round(mean(totals), 1)} ms per request with no I/O in flight (synchronous work)`,
        evidence: {
          exampleTraceIds: exampleTraceIds(
            [...items].sort((a, b) => Math.max(...b.gaps) - Math.max(...a.gaps)).map((i) => i.request.traceId),
          ),
          affectedRequests: items.length,
          sampledRequestsOfRoute: of,
          meanGapMsPerRequest: round(mean(totals)),
          maxGapMs: round(Math.max(...items.flatMap((i) => i.gaps))),
          shareOfRequest: round(mean(items.map((i, k) => totals[k]! / Math.max(i.request.durationMs, 1e-9))), 3),
          eventLoopDelayP99MaxMs: delays.length > 0 ? round(Math.max(...delays), 1) : null,
        },
        impact: impact(mean(totals), affectedPerMinute(input, route, items.length, of)),
        fix: {
          text:
            `Requests to ${route} compute for a long stretch without waiting on I/O. Profile that handler; if the ` +
            'work is needed, cache its result or run it in a worker thread so the event loop stays free.',
          language: 'typescript',
          code: WORKER_FIX,
        },
      });
    }
    return findings;
  },
};
