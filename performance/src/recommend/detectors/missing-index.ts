import type { Detector, Finding } from '../recommendation.js';
import { impact, round, windowMinutes } from './impact.js';
import { statementTraces } from './statement-traces.js';
import { requestsOf } from './trace-model.js';

/**
 * Missing indexes (PostgreSQL), from AnalysisInput.indexAdvice: the index advisor EXPLAINed the service's slow
 * statements and derived candidates from their plans (plan-index-candidates.ts). With hypopg the planner re-costed
 * each plan with the index in place: a candidate the planner would not use, or that cuts the cost by less than
 * minCostDropShare, is dropped. Without hypopg the candidate is still reported, with "estimated: not available"
 * and no ms estimate. Saving per call = the statement's mean time × the cost drop share (cost as a proxy for time).
 */
export type MissingIndexThresholds = { minCostDropShare: number };

export const missingIndex: Detector<MissingIndexThresholds> = {
  kind: 'missing-index',
  defaults: { minCostDropShare: 0.5 },
  detect(input, t) {
    const requests = requestsOf(input);
    const minutes = windowMinutes(input);
    const findings: Finding[] = [];
    for (const advice of input.indexAdvice ?? []) {
      const stats = input.statements.find((s) => s.statement === advice.statement);
      const traces = statementTraces(advice.statement, requests);
      for (const c of advice.candidates) {
        const estimated = advice.hypopg && c.costAfter !== null;
        const dropShare = estimated && advice.costBefore > 0 ? 1 - c.costAfter! / advice.costBefore : null;
        if (estimated && (c.usedByPlanner === false || (dropShare ?? 0) < t.minCostDropShare)) continue;
        const savedPerCallMs = dropShare !== null && stats?.meanMs ? stats.meanMs * dropShare : 0;
        const callsPerMinute = stats ? stats.calls / minutes : 0;
        findings.push({
          kind: 'missing-index',
          service: input.service,
          route: traces.routes[0]?.route ?? null,
          key: c.createIndex,
          title: `Missing index on ${c.table} (${c.columns.join(', ')})`,
          evidence: {
            exampleTraceIds: traces.exampleTraceIds,
            database: advice.database,
            statement: advice.statement,
            fingerprint: traces.fingerprint,
            reason: c.reason,
            tableRows: c.tableRows,
            estimatedRows: c.estimatedRows,
            costBefore: round(advice.costBefore),
            costAfter: estimated ? round(c.costAfter!) : null,
            estimated: estimated ? `cost ${round(advice.costBefore)} → ${round(c.costAfter!)}` : 'not available',
            calls: stats?.calls ?? null,
            meanMs: stats?.meanMs === null || stats?.meanMs === undefined ? null : round(stats.meanMs),
          },
          impact: impact(savedPerCallMs * traces.callsPerRequest, callsPerMinute / traces.callsPerRequest),
          fix: {
            text:
              `${c.reason}. Create the index below (CONCURRENTLY, so writes to ${c.table} are not blocked while it ` +
              `builds), then check that the plan uses it.${estimated ? '' : ' Estimated cost: not available (hypopg is not installed on the EXPLAIN database).'}`,
            language: 'sql',
            code: `${c.createIndex.replace(/^CREATE INDEX /, 'CREATE INDEX CONCURRENTLY ')};\n\n-- Statement it serves:\n${advice.statement};`,
          },
        });
      }
    }
    return findings;
  },
};
