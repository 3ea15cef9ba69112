import { describe, expect, it } from 'vitest';
import type { DbStatement } from '../../query/db-statements.js';
import type { IndexAdvice } from '../index-advisor/index-advice.js';
import { analysisInput, request, T0 } from '../testing/trace-builder.js';
import { missingIndex } from './missing-index.js';

const SQL = 'select * from orders where user_id = $1 order by created_at desc limit $2';
const CREATE = 'CREATE INDEX orders_user_id_created_at_idx ON shop.orders (user_id, created_at)';
const stats: DbStatement = {
  statement: SQL,
  system: 'postgresql',
  operation: 'SELECT',
  calls: 6_000,
  errors: 0,
  p50Ms: 40,
  p95Ms: 90,
  totalTimeMs: 300_000,
  meanMs: 50,
  meanRows: 10,
};

function advice(costAfter: number | null, usedByPlanner: boolean | null): IndexAdvice {
  return {
    database: 'shop',
    statement: SQL,
    costBefore: 4_200,
    hypopg: costAfter !== null,
    candidates: [
      {
        schema: 'shop',
        table: 'orders',
        columns: ['user_id', 'created_at'],
        createIndex: CREATE,
        reason: 'Seq Scan on orders (200000 rows) filtering (orders.user_id = $1) keeps ~10 rows (0.005 %)',
        tableRows: 200_000,
        estimatedRows: 10,
        costAfter,
        usedByPlanner,
      },
    ],
  };
}

describe('missing-index', () => {
  const t = request({ route: '/users/:id/orders', startMs: T0, durationMs: 70 });
  t.db(SQL, { at: 2, ms: 60, rows: 10 });
  const traces = [t.spans()];

  it('reports the exact CREATE INDEX with the hypothetical cost drop and the ms it saves', () => {
    const input = analysisInput({ traces, statements: [stats], indexAdvice: [advice(42, true)] });
    const [f, ...rest] = missingIndex.detect(input, missingIndex.defaults);
    expect(rest).toEqual([]);
    expect(f!.key).toBe(CREATE);
    expect(f!.route).toBe('GET /users/:id/orders');
    expect(f!.evidence).toMatchObject({ costBefore: 4_200, costAfter: 42, estimated: 'cost 4200 → 42' });
    expect(f!.evidence.exampleTraceIds).toEqual([t.traceId]);
    // 50 ms × 99 % cost drop = 49.5 ms per call; 100 calls/min.
    expect(f!.impact).toEqual({ msSavedPerRequest: 49.5, msSavedPerMinute: 4_950 });
    expect(f!.fix.code).toContain(
      'CREATE INDEX CONCURRENTLY orders_user_id_created_at_idx ON shop.orders (user_id, created_at);',
    );
  });

  it('still reports the candidate without hypopg, marked not estimated', () => {
    const input = analysisInput({ statements: [stats], indexAdvice: [advice(null, null)] });
    const [f] = missingIndex.detect(input, missingIndex.defaults);
    expect(f!.evidence['estimated']).toBe('not available');
    expect(f!.impact).toEqual({ msSavedPerRequest: 0, msSavedPerMinute: 0 });
    expect(f!.fix.text).toContain('not available');
  });

  it('drops candidates the planner would not use or that barely lower the cost', () => {
    const input = (a: IndexAdvice) => analysisInput({ statements: [stats], indexAdvice: [a] });
    expect(missingIndex.detect(input(advice(42, false)), missingIndex.defaults)).toEqual([]);
    expect(missingIndex.detect(input(advice(3_000, true)), missingIndex.defaults)).toEqual([]);
    expect(missingIndex.detect(analysisInput({ statements: [stats] }), missingIndex.defaults)).toEqual([]);
  });
});
