import type { DbStatement } from '../../query/db-statements.js';
import type { CandidateThresholds } from '../detectors/plan-index-candidates.js';
import { explainStatement, type SqlClient } from './explain.js';
import { type Explainable, explainable } from './explainable.js';
import type { IndexAdvice } from './index-advice.js';

/**
 * The edge that feeds the missing-index detector: for one service, picks its slowest statements (pickStatements),
 * connects to the PostgreSQL configured for the service in
 * STRIDE_EXPLAIN_DATABASES (`shop=postgres://…;payments=postgres://…`, keyed by service name) and EXPLAINs each
 * (explain.ts). A statement that fails to prepare (e.g. a parameter type the planner cannot infer) is skipped and
 * reported in `skipped`; a connection failure is thrown for the runner to log.
 */
export interface IndexAdvisorOptions {
  /** Service name → PostgreSQL URL. */
  databases: Readonly<Record<string, string>>;
  /** Opens a dedicated connection; closed after the service's statements are explained. */
  connect: (url: string) => Promise<SqlClient & { end(): Promise<void> }>;
  maxStatements?: number;
  minMeanMs?: number;
  statementTimeoutMillis?: number;
  candidates?: CandidateThresholds;
}

export interface IndexAdvisorResult {
  advice: IndexAdvice[];
  skipped: { statement: string; reason: string }[];
}

export async function adviseIndexes(
  service: string,
  statements: readonly DbStatement[],
  { databases, connect, maxStatements = 20, minMeanMs = 20, statementTimeoutMillis, candidates }: IndexAdvisorOptions,
): Promise<IndexAdvisorResult> {
  const result: IndexAdvisorResult = { advice: [], skipped: [] };
  const url = databases[service];
  if (url === undefined) return result;
  const { picked, skipped } = pickStatements(statements, { maxStatements, minMeanMs });
  result.skipped.push(...skipped);
  if (picked.length === 0) return result;
  const client = await connect(url);
  try {
    for (const { statement, check } of picked) {
      try {
        const advice = await explainStatement(client, service, statement, check.sql, check.params, {
          statementTimeoutMillis,
          candidates,
        });
        if (advice) result.advice.push(advice);
      } catch (error) {
        result.skipped.push({ statement, reason: error instanceof Error ? error.message : String(error) });
      }
    }
  } finally {
    await client.end();
  }
  return result;
}

/**
 * Which statements to EXPLAIN: PostgreSQL ones with mean ≥ minMeanMs, by total time, at most maxStatements that
 * explainable() accepts. The cap is generous (20) on purpose: under load, cheap high-frequency statements (an N+1's
 * primary-key reads) pass the mean bar too and lead by total time, and with a cap of 5 they crowded out the one
 * statement that scans a table (seen in the end-to-end proof). Planning is cheap; the statement never runs.
 */
export function pickStatements(
  statements: readonly DbStatement[],
  { maxStatements, minMeanMs }: { maxStatements: number; minMeanMs: number },
): { picked: { statement: string; check: Explainable & { ok: true } }[]; skipped: IndexAdvisorResult['skipped'] } {
  const skipped: IndexAdvisorResult['skipped'] = [];
  const picked: { statement: string; check: Explainable & { ok: true } }[] = [];
  const slowest = statements
    .filter((s) => (s.system === null || s.system === 'postgresql') && (s.meanMs ?? 0) >= minMeanMs)
    .sort((a, b) => b.totalTimeMs - a.totalTimeMs);
  for (const s of slowest) {
    if (picked.length >= maxStatements) break;
    const check = explainable(s.statement);
    if (check.ok) picked.push({ statement: s.statement, check });
    else skipped.push({ statement: s.statement, reason: check.reason });
  }
  return { picked, skipped };
}

/**
 * A `pg` Client for the advisor. `pg` is loaded on first use: it is a dependency of the agent and commerce
 * workspaces (hoisted), and only services that configure STRIDE_EXPLAIN_DATABASES need it here.
 */
export async function connectPg(url: string): Promise<SqlClient & { end(): Promise<void> }> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, application_name: 'stride-index-advisor' });
  await client.connect();
  return client;
}
