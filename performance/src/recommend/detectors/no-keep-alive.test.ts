import { describe, expect, it } from 'vitest';
import type { Dependency } from '../../query/dependencies.js';
import { analysisInput, request, T0 } from '../testing/trace-builder.js';
import { noKeepAlive } from './no-keep-alive.js';

/** 12 checkouts, each calling payments twice; `reusedEvery` = every nth call reuses a socket (0: never). */
function checkouts(reusedEvery: number, port = 80) {
  let n = 0;
  return Array.from({ length: 12 }, (_, i) => {
    const t = request({ route: '/checkout', method: 'POST', startMs: T0 + i * 1_000, durationMs: 80 });
    for (const at of [5, 30]) {
      n++;
      const reused = reusedEvery > 0 && n % reusedEvery === 0;
      t.http('POST', 'payments.internal', '/charges', {
        at,
        ms: reused ? 12 : 20,
        reused,
        attributes: { 'server.port': port },
      });
    }
    return t.spans();
  });
}

describe('no-keep-alive', () => {
  it('measures the connect cost from new vs reused sockets to the same host', () => {
    // Every 4th call reuses: 18 new (20 ms) and 6 reused (12 ms) → 8 ms per new connection.
    const [f, ...rest] = noKeepAlive.detect(analysisInput({ traces: checkouts(4) }), noKeepAlive.defaults);
    expect(rest).toEqual([]);
    expect(f!.key).toBe('payments.internal:80');
    expect(f!.route).toBe('POST /checkout');
    expect(f!.evidence).toMatchObject({
      newSocketShare: 0.75,
      connectCostMs: 8,
      connectCostSource: 'measured',
      source: 'sampled spans',
    });
    // 2 calls per request × 75 % new × 8 ms.
    expect(f!.impact.msSavedPerRequest).toBe(12);
    expect(f!.fix.code).toContain('new http.Agent({ keepAlive: true, maxSockets: 50 })');
  });

  it('prefers the aggregate reuse ratio and call count, and assumes the TLS cost when nothing was reused', () => {
    const dep: Dependency = {
      host: 'payments.internal',
      calls: 6_000,
      errors: 0,
      errorRate: 0,
      p50Ms: 20,
      p95Ms: 40,
      totalTimeMs: 120_000,
      socketReuseRatio: 0.1,
    };
    const input = analysisInput({ traces: checkouts(0, 443), dependencies: [dep] });
    const [f] = noKeepAlive.detect(input, noKeepAlive.defaults);
    expect(f!.evidence).toMatchObject({ newSocketShare: 0.9, calls: 6_000, connectCostMs: 15, source: 'aggregates' });
    // 2 × 0.9 × 15 = 27 ms per request; 6,000 calls/h = 100 calls/min = 50 requests/min.
    expect(f!.impact).toEqual({ msSavedPerRequest: 27, msSavedPerMinute: 1_350 });
    expect(f!.fix.code).toContain('new https.Agent');
  });

  it('does not flag a keep-alive client', () => {
    expect(noKeepAlive.detect(analysisInput({ traces: checkouts(1) }), noKeepAlive.defaults)).toEqual([]);
    // Half the calls on new sockets: flagged at the default 50 % bar, not at a stricter 60 %.
    expect(noKeepAlive.detect(analysisInput({ traces: checkouts(2) }), noKeepAlive.defaults)).toHaveLength(1);
    expect(
      noKeepAlive.detect(analysisInput({ traces: checkouts(2) }), { ...noKeepAlive.defaults, minNewSocketShare: 0.6 }),
    ).toEqual([]);
  });
});
