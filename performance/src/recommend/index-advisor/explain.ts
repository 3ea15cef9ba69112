import type { CandidateThresholds } from '../detectors/plan-index-candidates.js';
import { indexCandidates, planCost, planIndexNames } from '../detectors/plan-index-candidates.js';
import type { IndexAdvice } from './index-advice.js';

/** The part of a `pg` Client the advisor uses, so tests and other drivers can stand in. */
export interface SqlClient {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

export interface ExplainOptions {
  /** Per planning statement, ms; a statement that takes longer to plan is skipped. */
  statementTimeoutMillis?: number;
  candidates?: CandidateThresholds;
}

/**
 * EXPLAIN of one statement's generic plan, never executing it: inside a READ ONLY transaction that is rolled back,
 * `PREPARE` it, force the generic plan (PostgreSQL ≥ 12 `plan_cache_mode`; parameters stay `$n` instead of being
 * folded from the NULLs) and `EXPLAIN (FORMAT JSON, VERBOSE) EXECUTE` with NULL parameters. With hypopg in the
 * database each candidate index is created hypothetically (backend memory only) and the plan re-costed.
 */
export async function explainStatement(
  client: SqlClient,
  database: string,
  statement: string,
  sql: string,
  params: number,
  { statementTimeoutMillis = 5_000, candidates }: ExplainOptions = {},
): Promise<IndexAdvice | null> {
  const args = params > 0 ? `(${Array.from({ length: params }, () => 'NULL').join(', ')})` : '';
  let seq = 0;
  const explain = async () => {
    const name = `stride_explain_${++seq}`;
    await client.query(`PREPARE ${name} AS ${sql}`);
    try {
      const { rows } = await client.query(`EXPLAIN (FORMAT JSON, VERBOSE) EXECUTE ${name}${args}`);
      return rows[0]?.['QUERY PLAN'];
    } finally {
      // In a failed transaction this fails too; DEALLOCATE ALL after the rollback cleans up then.
      await client.query(`DEALLOCATE ${name}`).catch(() => undefined);
    }
  };
  await client.query('BEGIN READ ONLY');
  let hypopg = false;
  try {
    await client.query('SET LOCAL plan_cache_mode = force_generic_plan');
    await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.round(statementTimeoutMillis))}`);
    const plan = await explain();
    const costBefore = planCost(plan);
    if (costBefore === null) return null;
    const tables = await tableRows(client, plan);
    const found = indexCandidates(plan, (schema, table) => tables.get(`${schema ?? ''}.${table}`) ?? null, candidates);
    hypopg = await hasHypopg(client);
    const out: IndexAdvice = { database, statement, costBefore, hypopg, candidates: [] };
    for (const candidate of found) {
      if (!hypopg) {
        out.candidates.push({ ...candidate, costAfter: null, usedByPlanner: null });
        continue;
      }
      const { rows } = await client.query('SELECT indexname FROM hypopg_create_index($1)', [candidate.createIndex]);
      const indexName = String(rows[0]?.['indexname'] ?? '');
      try {
        const after = await explain();
        out.candidates.push({
          ...candidate,
          costAfter: planCost(after),
          usedByPlanner: planIndexNames(after).includes(indexName),
        });
      } finally {
        await client.query('SELECT hypopg_reset()').catch(() => undefined);
      }
    }
    return out;
  } finally {
    // Prepared statements and hypothetical indexes are session state that a rollback keeps: clear both after it.
    await client.query('ROLLBACK');
    await client.query('DEALLOCATE ALL');
    if (hypopg) await client.query('SELECT hypopg_reset()');
  }
}

async function hasHypopg(client: SqlClient): Promise<boolean> {
  const { rows } = await client.query("SELECT 1 FROM pg_extension WHERE extname = 'hypopg'");
  return rows.length > 0;
}

/** `schema.table` → estimated rows (pg_class.reltuples; -1 before the first ANALYZE falls back to n_live_tup). */
async function tableRows(client: SqlClient, plan: unknown): Promise<Map<string, number>> {
  const names: string[] = [];
  const walk = (node: Record<string, unknown>) => {
    if (typeof node['Relation Name'] === 'string')
      names.push(`${typeof node['Schema'] === 'string' ? node['Schema'] : ''}.${node['Relation Name']}`);
    for (const child of (node['Plans'] as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  const root = (Array.isArray(plan) ? plan[0] : null)?.Plan;
  if (root) walk(root);
  const out = new Map<string, number>();
  if (names.length === 0) return out;
  const { rows } = await client.query(
    `SELECT n.nspname AS schema, c.relname AS table,
            CASE WHEN c.reltuples >= 0 THEN c.reltuples::float8 ELSE coalesce(s.n_live_tup, 0)::float8 END AS rows
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_stat_all_tables s ON s.relid = c.oid
      WHERE n.nspname || '.' || c.relname = ANY($1::text[])`,
    [[...new Set(names)]],
  );
  for (const r of rows) out.set(`${r['schema']}.${r['table']}`, Number(r['rows']));
  return out;
}
