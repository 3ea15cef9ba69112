import { describe, expect, it } from 'vitest';
import type { PoolSaturation } from '../../query/pool-saturation.js';
import { analysisInput, request, routeSummary, T0 } from '../testing/trace-builder.js';
import { poolSaturation } from './pool-saturation.js';

const POOL = '127.0.0.1:5432/shop';

function pool(overrides: Partial<PoolSaturation>): PoolSaturation {
  return {
    pool: POOL,
    maxConnections: 10,
    maxUsed: 10,
    maxIdle: 0,
    maxWaiting: 14,
    saturation: 1,
    waits: 60_000,
    waitP95Ms: 40,
    waitMaxMs: 180,
    series: [
      { t: T0, used: 6, idle: 4, waiting: 0 },
      { t: T0 + 60_000, used: 10, idle: 0, waiting: 14 },
    ],
    ...overrides,
  };
}

describe('pool-saturation', () => {
  it('reports waits per affected request from pool-wait spans and suggests a pool size from peak demand', () => {
    const traces = [30, 50].map((wait, i) => {
      const t = request({ route: '/checkout', method: 'POST', startMs: T0 + i * 100, durationMs: 120 });
      t.poolWait({ at: 1, ms: wait, pool: POOL });
      t.db('select * from carts where id = $1', { at: wait + 2, ms: 5 });
      return t.spans();
    });
    const quiet = request({ route: '/checkout', method: 'POST', startMs: T0 + 500, durationMs: 20 }).spans();
    const input = analysisInput({
      traces: [...traces, quiet],
      pools: [pool({})],
      routes: [routeSummary('POST /checkout', 3)],
    });
    const [f, ...rest] = poolSaturation.detect(input, poolSaturation.defaults);
    expect(rest).toEqual([]);
    expect(f!.key).toBe(POOL);
    expect(f!.evidence).toMatchObject({ maxWaiting: 14, saturation: 1, peakDemand: 24, sampledRequestsWaiting: 2 });
    expect(f!.evidence.exampleTraceIds).toEqual([traces[1]![0]!.traceId, traces[0]![0]!.traceId]);
    // Mean wait 40 ms over 2 of 3 sampled requests at 180/min → 120/min.
    expect(f!.impact).toEqual({ msSavedPerRequest: 40, msSavedPerMinute: 4_800 });
    expect(f!.fix.code).toContain('max: 29, // was 10; peak in use + waiting: 24');
  });

  it('falls back to a floor from the aggregates without pool-wait spans', () => {
    const [f] = poolSaturation.detect(analysisInput({ pools: [pool({})] }), poolSaturation.defaults);
    // 1,000 waits/min × 5 % × 40 ms.
    expect(f!.impact).toEqual({ msSavedPerRequest: 40, msSavedPerMinute: 2_000 });
  });

  it('does not flag a pool with headroom, or one whose waits are negligible', () => {
    const calm = pool({ maxUsed: 6, maxWaiting: 0, saturation: 0.6, waitP95Ms: 0.2 });
    expect(poolSaturation.detect(analysisInput({ pools: [calm] }), poolSaturation.defaults)).toEqual([]);
    const busyButFast = pool({ waitP95Ms: 0.5 });
    expect(poolSaturation.detect(analysisInput({ pools: [busyButFast] }), poolSaturation.defaults)).toEqual([]);
  });
});
