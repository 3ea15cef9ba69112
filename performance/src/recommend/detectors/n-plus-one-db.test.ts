import { describe, expect, it } from 'vitest';
import { analysisInput, request, routeSummary, T0 } from '../testing/trace-builder.js';
import { nPlusOneDb } from './n-plus-one-db.js';

const ITEMS = 'select id, name, price from products where id = $1';
const BATCH = 'select id, name, price from products where id = any($1)';

/** `GET /orders/:id`: one order query, then `n` product lookups of 4 ms each, sequential or all at once. */
function orderTrace(startMs: number, n: number, mode: 'sequential' | 'concurrent' | 'batched') {
  const t = request({ route: '/orders/:id', startMs, durationMs: 70 });
  t.db('select * from orders where id = $1', { at: 1, ms: 2 });
  if (mode === 'batched') t.db(BATCH, { at: 4, ms: 5, rows: n });
  else for (let i = 0; i < n; i++) t.db(ITEMS, { at: mode === 'sequential' ? 4 + i * 5 : 4 + i * 0.1, ms: 4 });
  return t.spans();
}

describe('n-plus-one-db', () => {
  const detect = (traces: ReturnType<typeof orderTrace>[], extra = {}) =>
    nPlusOneDb.detect(analysisInput({ traces, ...extra }), nPlusOneDb.defaults);

  it('finds sequential repeated queries with their share of the request and a ANY($1) rewrite', () => {
    const traces = [orderTrace(T0, 10, 'sequential'), orderTrace(T0 + 1_000, 12, 'sequential')];
    const [f, ...rest] = detect(traces, { routes: [routeSummary('GET /orders/:id', 2)] });
    expect(rest).toEqual([]);
    expect(f!.kind).toBe('n-plus-one-db');
    expect(f!.route).toBe('GET /orders/:id');
    expect(f!.key).toContain('GET /orders/:id');
    expect(f!.evidence).toMatchObject({
      statement: ITEMS,
      affectedRequests: 2,
      meanCallsPerRequest: 11,
      maxCallsPerRequest: 12,
      meanCallMs: 4,
      meanCoveredMs: 44,
      concurrentShare: 0,
    });
    expect(f!.evidence['shareOfRequest']).toBeCloseTo(44 / 70, 3);
    expect(f!.evidence.exampleTraceIds).toEqual([traces[1]![0]!.traceId, traces[0]![0]!.traceId]);
    // 10 × 4 ms and 12 × 4 ms collapse to one ~4 ms round trip: (36 + 44) / 2 = 40 ms per request.
    expect(f!.impact.msSavedPerRequest).toBe(40);
    // Both sampled requests of the route are affected, at 2 req/s = 120/min.
    expect(f!.impact.msSavedPerMinute).toBe(4_800);
    expect(f!.fix.code).toContain('select id, name, price from products where id = ANY($1)');
    expect(f!.fix.code).toContain('for (const item of items)');
  });

  it('counts a Promise.all fan-out, which Sentry-style sequential detection misses', () => {
    const [f] = detect([orderTrace(T0, 8, 'concurrent')]);
    expect(f!.evidence['concurrentShare']).toBe(1);
    expect(f!.evidence['meanCoveredMs']).toBeCloseTo(4.7, 5);
    // Little wall time to win (4.7 ms → 4 ms), but 7 of 8 round trips of database work go away.
    expect(f!.impact.msSavedPerRequest).toBeCloseTo(0.7, 5);
    expect(f!.evidence['meanCallTimeSavedMs']).toBe(28);
    expect(f!.title).toContain('concurrent fan-out');
    expect(f!.fix.code).toContain('Promise.all');
    expect(f!.fix.code).toContain('= ANY($1)');
  });

  it('does not flag the batched query or four repeats', () => {
    expect(detect([orderTrace(T0, 40, 'batched')])).toEqual([]);
    expect(detect([orderTrace(T0, 4, 'sequential')])).toEqual([]);
  });

  it('ignores queries a downstream service made inside our HTTP call', () => {
    const t = request({ route: '/orders/:id', startMs: T0, durationMs: 70 });
    for (let i = 0; i < 6; i++) t.db(ITEMS, { at: 4 + i * 5, ms: 4, service: 'catalog' });
    expect(detect([t.spans()])).toEqual([]);
  });

  it('honours configured thresholds', () => {
    const input = analysisInput({ traces: [orderTrace(T0, 10, 'sequential')] });
    expect(nPlusOneDb.detect(input, { ...nPlusOneDb.defaults, minCallsPerRequest: 11 })).toEqual([]);
    expect(nPlusOneDb.detect(input, { ...nPlusOneDb.defaults, minCallTimeSavedMs: 37 })).toEqual([]);
  });

  it('suggests a JOIN when the statement has no id predicate to batch', () => {
    const t = request({ route: '/feed', startMs: T0, durationMs: 50 });
    for (let i = 0; i < 6; i++) t.db('select count(*) from reviews', { at: i * 5, ms: 3 });
    const [f] = detect([t.spans()]);
    expect(f!.fix.language).toBe('sql');
    expect(f!.fix.code).toContain('JOIN reviews');
  });
});
