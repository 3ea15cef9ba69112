import { describe, expect, it } from 'vitest';
import { analysisInput, request, routeSummary, T0 } from '../testing/trace-builder.js';
import { nPlusOneHttp } from './n-plus-one-http.js';

/** `GET /cart`: one stock call per cart line to inventory, 6 ms each. */
function cartTrace(startMs: number, n: number, mode: 'sequential' | 'concurrent' | 'batched') {
  const t = request({ route: '/cart', startMs, durationMs: 80 });
  if (mode === 'batched') t.http('GET', 'inventory.internal', '/stock', { at: 2, ms: 8 });
  else
    for (let i = 0; i < n; i++)
      t.http('GET', 'inventory.internal', '/stock/{id}', { at: mode === 'sequential' ? 2 + i * 7 : 2 + i, ms: 6 });
  return t.spans();
}

describe('n-plus-one-http', () => {
  const detect = (traces: ReturnType<typeof cartTrace>[], extra = {}) =>
    nPlusOneHttp.detect(analysisInput({ traces, ...extra }), nPlusOneHttp.defaults);

  it('finds repeated calls to one parameterized URL and proposes a batch request', () => {
    const traces = [
      cartTrace(T0, 8, 'sequential'),
      cartTrace(T0 + 500, 8, 'sequential'),
      cartTrace(T0 + 900, 1, 'sequential'),
    ];
    const [f, ...rest] = detect(traces, { routes: [routeSummary('GET /cart', 3)] });
    expect(rest).toEqual([]);
    expect(f!.key).toBe('GET /cart GET inventory.internal/stock/{id}');
    expect(f!.evidence).toMatchObject({
      host: 'inventory.internal',
      urlTemplate: '/stock/{id}',
      affectedRequests: 2,
      sampledRequestsOfRoute: 3,
      meanCallsPerRequest: 8,
      meanCoveredMs: 48,
      concurrentShare: 0,
    });
    expect(f!.impact.msSavedPerRequest).toBe(42);
    // 2 of 3 sampled requests affected at 180 req/min → 120/min × 42 ms.
    expect(f!.impact.msSavedPerMinute).toBe(5_040);
    expect(f!.fix.code).toContain('http://inventory.internal/stock?ids=');
    expect(f!.fix.code).toContain('for (const item of items)');
  });

  it('counts concurrent fan-outs', () => {
    const [f] = detect([cartTrace(T0, 6, 'concurrent')]);
    expect(f!.evidence['concurrentShare']).toBe(1);
    expect(f!.impact.msSavedPerRequest).toBe(5);
    expect(f!.fix.code).toContain('Promise.all');
  });

  it('does not flag a batch call, or distinct URLs', () => {
    expect(detect([cartTrace(T0, 0, 'batched')])).toEqual([]);
    const t = request({ route: '/home', startMs: T0, durationMs: 50 });
    for (const [i, path] of ['/a', '/b', '/c', '/d', '/e'].entries()) t.http('GET', 'cms', path, { at: i * 7, ms: 6 });
    expect(detect([t.spans()])).toEqual([]);
  });

  it('keeps hosts apart: the same template on two hosts is two call sites', () => {
    const t = request({ route: '/cart', startMs: T0, durationMs: 80 });
    for (let i = 0; i < 6; i++) t.http('GET', i % 2 ? 'a.internal' : 'b.internal', '/stock/{id}', { at: i * 7, ms: 6 });
    expect(detect([t.spans()])).toEqual([]);
  });
});
