import { describe, expect, it } from 'vitest';
import type { DbStatement } from '../../query/db-statements.js';
import { analysisInput, request, routeSummary, T0 } from '../testing/trace-builder.js';
import { unboundedResult } from './unbounded-result.js';

const ALL = 'select * from orders where user_id = $1 order by created_at desc';
const PAGED = 'select * from orders where user_id = $1 order by created_at desc limit $2';

describe('unbounded-result', () => {
  const detect = (input = {}) => unboundedResult.detect(analysisInput(input), unboundedResult.defaults);

  it('flags a SELECT without LIMIT returning thousands of rows, with a paged rewrite', () => {
    const traces = [5_000, 3_000].map((rows, i) => {
      const t = request({ route: '/users/:id/orders', startMs: T0 + i * 1_000, durationMs: 200 });
      t.db(ALL, { at: 2, ms: rows / 50, rows });
      return t.spans();
    });
    const [f, ...rest] = detect({ traces });
    expect(rest).toEqual([]);
    expect(f!.route).toBe('GET /users/:id/orders');
    expect(f!.evidence).toMatchObject({ statement: ALL, sampledCalls: 2, meanRows: 4_000, maxRows: 5_000, meanMs: 80 });
    expect(f!.evidence.exampleTraceIds).toEqual([traces[0]![0]!.traceId, traces[1]![0]!.traceId]);
    // 80 ms × (1 − 100 / 4,000) = 78 ms per call; 2 sampled calls over the hour.
    expect(f!.impact.msSavedPerRequest).toBe(78);
    expect(f!.fix.code).toContain(`${ALL} LIMIT $2;`);
  });

  it('does not flag a LIMITed query or a small result', () => {
    const t = request({ route: '/users/:id/orders', startMs: T0, durationMs: 50 });
    t.db(PAGED, { at: 2, ms: 5, rows: 5_000 }); // LIMIT present (a big page is the caller's choice)
    t.db('select * from order_items where order_id = $1', { at: 8, ms: 2, rows: 40 });
    expect(detect({ traces: [t.spans()] })).toEqual([]);
  });

  it('uses the aggregates for statements no sampled trace shows', () => {
    const stats: DbStatement = {
      statement: 'select * from audit_log',
      system: 'postgresql',
      operation: 'SELECT',
      calls: 120,
      errors: 0,
      p50Ms: 300,
      p95Ms: 600,
      totalTimeMs: 120 * 400,
      meanMs: 400,
      meanRows: 50_000,
    };
    const [f] = detect({ statements: [stats] });
    expect(f!.route).toBeNull();
    expect(f!.evidence['aggregateMeanRows']).toBe(50_000);
    // 400 × (1 − 100/50,000) = 399.2 ms per call; 2 calls/min.
    expect(f!.impact).toEqual({ msSavedPerRequest: 399.2, msSavedPerMinute: 798.4 });
    expect(f!.fix.code).toContain('select * from audit_log ORDER BY id LIMIT $1;');
  });

  it('flags large JSON responses per route, not small ones', () => {
    const big = request({
      route: '/export',
      startMs: T0,
      durationMs: 900,
      attributes: { 'http.response.body.size': 4 * 1_048_576 },
    });
    const small = request({
      route: '/export',
      startMs: T0 + 10,
      durationMs: 30,
      attributes: { 'http.response.body.size': 20_000 },
    });
    const [f, ...rest] = detect({ traces: [big.spans(), small.spans()], routes: [routeSummary('GET /export', 0.5)] });
    expect(rest).toEqual([]);
    expect(f!.key).toBe('http GET /export');
    expect(f!.evidence).toMatchObject({
      affectedRequests: 1,
      sampledRequestsOfRoute: 2,
      meanResponseBytes: 4 * 1_048_576,
    });
    // (4 MB − 64 KB) × 8 ms/MB = 31.5 ms; half of 30 req/min.
    expect(f!.impact).toEqual({ msSavedPerRequest: 31.5, msSavedPerMinute: 472.5 });
  });
});
