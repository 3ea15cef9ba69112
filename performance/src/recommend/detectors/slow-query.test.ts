import { describe, expect, it } from 'vitest';
import type { DbStatement } from '../../query/db-statements.js';
import { analysisInput, fingerprintOf, request, T0 } from '../testing/trace-builder.js';
import { slowQuery } from './slow-query.js';

const SEARCH = 'select * from products where lower(name) like $1';
const BY_ID = 'select * from products where id = $1';

function statement(
  text: string,
  calls: number,
  p50Ms: number,
  p95Ms: number,
  meanMs: number,
  meanRows = 1,
): DbStatement {
  return {
    statement: text,
    system: 'postgresql',
    operation: 'SELECT',
    calls,
    errors: 0,
    p50Ms,
    p95Ms,
    totalTimeMs: calls * meanMs,
    meanMs,
    meanRows,
  };
}

describe('slow-query', () => {
  it('flags a statement by p95, with routes and the slowest example traces', () => {
    const traces = [0, 1, 2].map((i) => {
      const t = request({ route: '/search', startMs: T0 + i * 1_000, durationMs: 300 });
      t.db(SEARCH, { at: 1, ms: 150 + i * 50, rows: 40 });
      return t.spans();
    });
    // One hour: 600 calls of the search (mean 180 ms) and 6,000 fast lookups (mean 1 ms).
    const input = analysisInput({
      traces,
      statements: [statement(BY_ID, 6_000, 0.8, 2, 1), statement(SEARCH, 600, 160, 320, 180)],
    });
    const findings = slowQuery.detect(input, slowQuery.defaults);
    expect(findings.map((f) => f.evidence['statement'])).toEqual([SEARCH]);
    const f = findings[0]!;
    expect(f.key).toBe(fingerprintOf(SEARCH));
    expect(f.route).toBe('GET /search');
    expect(f.evidence['reasons']).toEqual(['p95 320 ms ≥ 100 ms', '94.7 % of DB time ≥ 20 %']);
    expect(f.evidence.exampleTraceIds).toEqual([
      traces[2]![0]!.traceId,
      traces[1]![0]!.traceId,
      traces[0]![0]!.traceId,
    ]);
    // 180 ms mean → 10 ms target saves 170 ms per call; 10 calls/min.
    expect(f.impact).toEqual({ msSavedPerRequest: 170, msSavedPerMinute: 1_700 });
    expect(f.fix.code).toContain(`EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT)\n${SEARCH};`);
  });

  it('flags a fast but hot statement by its share of DB time', () => {
    const input = analysisInput({
      statements: [statement(BY_ID, 600_000, 1.5, 4, 2), statement(SEARCH, 100, 20, 40, 25)],
    });
    const [f, ...rest] = slowQuery.detect(input, slowQuery.defaults);
    expect(rest).toEqual([]);
    expect(f!.evidence['statement']).toBe(BY_ID);
    expect(f!.evidence['shareOfDbTime']).toBe(0.998);
    // Tail cut to the median: 2 − 1.5 = 0.5 ms per call, 10,000 calls/min.
    expect(f!.impact).toEqual({ msSavedPerRequest: 0.5, msSavedPerMinute: 5_000 });
  });

  it('does not flag fast statements, rare ones, or a share in a nearly idle service', () => {
    // Six fast statements sharing the DB time about equally: none reaches 20 % or a 100 ms p95.
    const spread = [1, 2, 3, 4, 5, 6].map((i) => statement(`select * from t${i} where id = $1`, 10_000, 1, 3, 1.1));
    expect(slowQuery.detect(analysisInput({ statements: spread }), slowQuery.defaults)).toEqual([]);
    // The same data flags the share rule once the bar is lowered: the negative above is not vacuous.
    expect(
      slowQuery.detect(analysisInput({ statements: spread }), { ...slowQuery.defaults, minShareOfDbTime: 0.16 }),
    ).toHaveLength(6);
    expect(
      slowQuery.detect(analysisInput({ statements: [statement(SEARCH, 4, 300, 500, 350)] }), slowQuery.defaults),
    ).toEqual([]);
    expect(
      slowQuery.detect(analysisInput({ statements: [statement(BY_ID, 100, 1, 3, 2)] }), slowQuery.defaults),
    ).toEqual([]);
  });

  it('points at paging when the statement returns many rows without LIMIT', () => {
    const input = analysisInput({ statements: [statement('select * from orders', 50, 200, 400, 250, 20_000)] });
    const [f] = slowQuery.detect(input, slowQuery.defaults);
    expect(f!.fix.text).toContain('20000 rows per call');
  });
  // Regression (recommendation proof on a loaded 2-core box): every statement's tail, BEGIN and COMMIT included,
  // passed 100 ms because the event loop was starved, and each became a "slow query".
  it('discounts event-loop delay from the p95 rule and never flags transaction control', () => {
    const delays = [40, 120, 80].map((v, i) => ({ t: T0 + i * 60_000, v }));
    const input = analysisInput({
      statements: [
        statement('BEGIN', 50, 2, 150, 10),
        statement(BY_ID, 50, 20, 180, 30),
        statement(SEARCH, 50, 160, 320, 180),
      ],
      runtime: { eventLoopDelayP99Ms: delays },
    });
    const t = { ...slowQuery.defaults, minShareOfDbTime: 1 };
    const findings = slowQuery.detect(input, t);
    expect(findings.map((f) => f.evidence['statement'])).toEqual([SEARCH]);
    expect(findings[0]!.evidence['reasons']).toEqual(["p95 320 ms ≥ 100 ms beyond the event loop's 120 ms p99 delay"]);
    // Without the delay series the lookup's 180 ms tail counts as its own.
    const bare = slowQuery.detect({ ...input, runtime: {} }, t);
    expect(bare.map((f) => f.evidence['statement'])).toEqual([BY_ID, SEARCH]);
  });
});
