import { describe, expect, it } from 'vitest';
import type { SpanRecord } from '../ingest/spans.js';
import type { DbStatement } from '../query/db-statements.js';
import type { ServiceDetailQueries } from '../query/service-detail.js';
import type { TraceQuery, TraceSummary } from '../store/traces/trace-store.js';
import { type AnalysisInputDeps, gatherAnalysisInput } from './analysis-input.js';
import type { IndexAdvice } from './index-advisor/index-advice.js';

const T0 = 1_735_689_600_000;
const WINDOW = { service: 'shop', fromMs: T0, toMs: T0 + 1_800_000, nowMs: T0 + 1_800_000 };
const statement = { statement: 'SELECT 1', calls: 10 } as DbStatement;

function deps(overrides: Partial<AnalysisInputDeps> = {}) {
  const listCalls: TraceQuery[] = [];
  const fetched: string[] = [];
  const summary = (id: string) => ({ traceId: id }) as TraceSummary;
  const base: AnalysisInputDeps = {
    query: { routes: async () => null },
    detail: {
      dbStatements: async () => [statement],
      cache: async () => null,
      dependencies: async () => null,
      pool: async () => null,
      runtime: async () => null,
    } as ServiceDetailQueries,
    traces: {
      listTraces: async (q) => {
        listCalls.push(q);
        return q.sort === 'duration' ? [summary('slow1'), summary('both')] : [summary('both'), summary('new1')];
      },
      getTrace: async (id) => {
        fetched.push(id);
        return id === 'new1' ? null : [{ traceId: id } as SpanRecord];
      },
    },
    intervals: { routes: async () => [] },
    markers: { list: async () => [] },
    maxTracesPerSort: 2,
    ...overrides,
  };
  return { base, listCalls, fetched };
}

describe('gatherAnalysisInput', () => {
  it('samples the slowest and the newest traces of the window once each, and defaults missing views', async () => {
    const { base, listCalls, fetched } = deps();
    const input = await gatherAnalysisInput(base, WINDOW);
    expect(listCalls.map((q) => [q.sort, q.limit, q.service, q.fromMs, q.toMs])).toEqual([
      ['duration', 2, 'shop', WINDOW.fromMs, WINDOW.toMs],
      ['start', 2, 'shop', WINDOW.fromMs, WINDOW.toMs],
    ]);
    expect(fetched).toEqual(['slow1', 'both', 'new1']);
    expect(input.traces.map((t) => t[0]!.traceId)).toEqual(['slow1', 'both']); // new1 expired meanwhile
    expect(input).toMatchObject({ routes: [], statements: [statement], cache: null, pools: [], runtime: {} });
    expect(input).not.toHaveProperty('indexAdvice');
  });

  it('adds index advice for the statements, and goes on without it when the advisor fails', async () => {
    const advice = [{ statement: 'SELECT 1' } as IndexAdvice];
    const seen: (readonly DbStatement[])[] = [];
    const ok = deps({
      adviseIndexes: async (_service, statements) => {
        seen.push(statements);
        return advice;
      },
    });
    expect((await gatherAnalysisInput(ok.base, WINDOW)).indexAdvice).toBe(advice);
    expect(seen).toEqual([[statement]]);

    const errors: string[] = [];
    const failing = deps({
      adviseIndexes: async () => {
        throw new Error('connection refused');
      },
      onAdviceError: (err) => errors.push(err.message),
    });
    const input = await gatherAnalysisInput(failing.base, WINDOW);
    expect(input).not.toHaveProperty('indexAdvice');
    expect(errors).toEqual(['connection refused']);
  });
});
