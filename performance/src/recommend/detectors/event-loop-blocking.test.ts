import { describe, expect, it } from 'vitest';
import { analysisInput, request, routeSummary, T0 } from '../testing/trace-builder.js';
import { eventLoopBlocking } from './event-loop-blocking.js';

const steps = (values: number[]) => values.map((v, i) => ({ t: T0 + i * 60_000, v }));

/** `GET /report`: a query, then 120 ms of CPU (no call in flight), then a cache write. */
function report(i: number, cpuMs: number) {
  const t = request({ route: '/report', startMs: T0 + i * 1_000, durationMs: 10 + cpuMs + 5 });
  t.db('select * from orders where created_at > $1 limit $2', { at: 0, ms: 10, rows: 500 });
  t.redis('SET', { at: 10 + cpuMs, ms: 5, prefix: 'report' });
  return t.spans();
}

describe('event-loop-blocking', () => {
  it('flags a runtime whose delay p99 is over the bar in enough steps', () => {
    const input = analysisInput({
      runtime: { eventLoopDelayP99Ms: steps([20, 250, 30, 150]), eventLoopUtilization: steps([0.5, 0.7, 0.4, 0.6]) },
      routes: [routeSummary('GET /a', 1), routeSummary('GET /b', 2)],
    });
    const [f, ...rest] = eventLoopBlocking.detect(input, eventLoopBlocking.defaults);
    expect(rest).toEqual([]);
    expect(f!.key).toBe('runtime');
    expect(f!.evidence).toMatchObject({ maxDelayP99Ms: 250, stepsOverThreshold: 2, stepsWithData: 4, stepShare: 0.5 });
    // Mean excess over 100 ms across the 4 steps: (150 + 50) / 4 = 50 ms; 180 requests/min.
    expect(f!.impact).toEqual({ msSavedPerRequest: 50, msSavedPerMinute: 9_000 });
  });

  it('flags routes with long stretches of no I/O', () => {
    const [f] = eventLoopBlocking.detect(
      analysisInput({ traces: [report(0, 120), report(1, 100)] }),
      eventLoopBlocking.defaults,
    );
    expect(f!.key).toBe('gap GET /report');
    expect(f!.evidence).toMatchObject({ affectedRequests: 2, meanGapMsPerRequest: 110, maxGapMs: 120 });
    expect(f!.fix.code).toContain("from 'node:worker_threads'");
  });

  it('counts a pool wait as waiting, not as synchronous work', () => {
    // A saturated pool: 300 ms waiting for a connection before each query; the handler itself computes nothing.
    const waited = (i: number) => {
      const t = request({ route: '/orders', startMs: T0 + i * 1_000, durationMs: 320 });
      t.poolWait({ at: 0, ms: 300 });
      t.db('select * from orders where id = $1', { at: 300, ms: 20, rows: 1 });
      return t.spans();
    };
    expect(
      eventLoopBlocking.detect(analysisInput({ traces: [waited(0), waited(1)] }), eventLoopBlocking.defaults),
    ).toEqual([]);
  });

  it('does not flag a calm runtime or short gaps', () => {
    const calm = analysisInput({
      runtime: { eventLoopDelayP99Ms: steps([20, 30, 25, 110, 40, 20, 30, 25, 20, 30, 22]) },
      traces: [report(0, 20), report(1, 30)],
    });
    expect(eventLoopBlocking.detect(calm, eventLoopBlocking.defaults)).toEqual([]);
  });
});
