import type { Detector, Finding } from '../recommendation.js';
import { impact, round, windowMinutes } from './impact.js';
import { hasLimit } from './sql-rewrite.js';
import { statementTraces } from './statement-traces.js';
import { requestsOf } from './trace-model.js';

/**
 * Slow or costly statements, from the aggregates (all calls, not only sampled ones): p95 ≥ minP95Ms, or ≥
 * minShareOfDbTime of the service's total DB time (once that total is ≥ minTotalDbTimeMs, so one query in an idle
 * service is not "100 %"). Saving per call: the larger of mean − targetMs (made fast) and mean − p50 (tail cut).
 */
export type SlowQueryThresholds = {
  minP95Ms: number;
  minShareOfDbTime: number;
  minTotalDbTimeMs: number;
  minCalls: number;
  targetMs: number;
  /** Mean rows per call above which the fix text points at fetching fewer rows. */
  manyRows: number;
};

/** BEGIN, COMMIT, SAVEPOINT, SET…: no plan to improve; their time is commit I/O and waits, not the statement's. */
const TRANSACTION_CONTROL = /^\s*(begin|start transaction|commit|end|rollback|savepoint|release|set|reset)\b/i;

export const slowQuery: Detector<SlowQueryThresholds> = {
  kind: 'slow-query',
  defaults: {
    minP95Ms: 100,
    minShareOfDbTime: 0.2,
    minTotalDbTimeMs: 1_000,
    minCalls: 5,
    targetMs: 10,
    manyRows: 1_000,
  },
  detect(input, t) {
    const dbTotalMs = input.statements.reduce((sum, s) => sum + s.totalTimeMs, 0);
    const minutes = windowMinutes(input);
    const requests = requestsOf(input);
    // The agent times a query from query() to its result being handled on the event loop, so a starved loop adds its
    // delay to every statement's tail alike (seen in the recommendation proof: BEGIN at p95 107 ms). Only the p95
    // beyond the window's worst p99 event-loop delay is the statement's own.
    const loopDelays = (input.runtime.eventLoopDelayP99Ms ?? []).map((p) => p.v).filter((v): v is number => v !== null);
    const loopDelayMs = Math.max(0, ...loopDelays);
    const findings: Finding[] = [];
    for (const s of input.statements) {
      if (s.calls < t.minCalls || s.meanMs === null || TRANSACTION_CONTROL.test(s.statement)) continue;
      const share = dbTotalMs > 0 ? s.totalTimeMs / dbTotalMs : 0;
      const reasons: string[] = [];
      if ((s.p95Ms ?? 0) - loopDelayMs >= t.minP95Ms) {
        const beyond = loopDelayMs > 0 ? ` beyond the event loop's ${round(loopDelayMs, 1)} ms p99 delay` : '';
        reasons.push(`p95 ${round(s.p95Ms!, 1)} ms ≥ ${t.minP95Ms} ms${beyond}`);
      }
      if (dbTotalMs >= t.minTotalDbTimeMs && share >= t.minShareOfDbTime)
        reasons.push(`${round(share * 100, 1)} % of DB time ≥ ${round(t.minShareOfDbTime * 100, 1)} %`);
      if (reasons.length === 0) continue;
      const traces = statementTraces(s.statement, requests);
      const savedPerCallMs = Math.max(0, s.meanMs - t.targetMs, s.meanMs - (s.p50Ms ?? s.meanMs));
      const callsPerMinute = s.calls / minutes;
      findings.push({
        kind: 'slow-query',
        service: input.service,
        route: traces.routes[0]?.route ?? null,
        key: traces.fingerprint,
        title: `Slow statement (${reasons.join('; ')}): ${s.statement.slice(0, 80)}`,
        evidence: {
          exampleTraceIds: traces.exampleTraceIds,
          statement: s.statement,
          fingerprint: traces.fingerprint,
          reasons,
          calls: s.calls,
          callsPerMinute: round(callsPerMinute, 2),
          p50Ms: s.p50Ms,
          p95Ms: s.p95Ms,
          meanMs: round(s.meanMs),
          totalTimeMs: round(s.totalTimeMs, 1),
          shareOfDbTime: round(share, 3),
          meanRows: s.meanRows,
          callsPerRequest: round(traces.callsPerRequest, 2),
          routes: traces.routes.slice(0, 5),
        },
        impact: impact(savedPerCallMs * traces.callsPerRequest, callsPerMinute / traces.callsPerRequest),
        fix: fix(s.statement, s.meanRows, t.manyRows),
      });
    }
    return findings;
  },
};

function fix(statement: string, meanRows: number | null, manyRows: number): Finding['fix'] {
  const tooManyRows = meanRows !== null && meanRows >= manyRows && !hasLimit(statement);
  const rowsHint = tooManyRows
    ? ` It returns ${Math.round(meanRows!)} rows per call on average without a LIMIT: page it.`
    : '';
  return {
    text:
      'Look at the plan with real timings on a production-like copy (parameters from a slow example trace); a ' +
      'sequential scan on a large table usually means a missing index — see the missing-index finding for this ' +
      `statement when EXPLAIN databases are configured.${rowsHint}`,
    language: 'sql',
    code: `-- Run with the parameters of a slow example (ANALYZE executes the statement: use a replica or a copy).\nEXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT)\n${statement};`,
  };
}
