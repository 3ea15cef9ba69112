import type { IndexCandidate } from '../index-advisor/index-advice.js';
import { type ColumnPredicate, filterPredicates, type SortColumn, sortColumn } from './plan-predicates.js';

/**
 * Candidate indexes from an EXPLAIN (FORMAT JSON, VERBOSE) plan: each sequential scan of a table with ≥
 * minTableRows rows whose filter keeps ≤ maxSelectivity of them, or whose rows are sorted for a small LIMIT, gets
 * one B-tree index — equality columns first, then the sort columns (so the index also delivers the order), then one
 * range column. Example: Seq Scan on orders (200,000 rows) filtered by `user_id = $1` (~6 rows) under a Sort on
 * `created_at DESC` → `CREATE INDEX orders_user_id_created_at_idx ON shop.orders (user_id, created_at)`.
 */
export interface CandidateThresholds {
  minTableRows: number;
  maxSelectivity: number;
  maxColumns: number;
}

export const CANDIDATE_DEFAULTS: CandidateThresholds = { minTableRows: 10_000, maxSelectivity: 0.05, maxColumns: 4 };

interface PlanNode {
  'Node Type'?: string;
  'Relation Name'?: string;
  Schema?: string;
  Alias?: string;
  Filter?: string;
  'Sort Key'?: string[];
  'Plan Rows'?: number;
  'Parallel Aware'?: boolean;
  'Workers Planned'?: number;
  'Total Cost'?: number;
  Plans?: PlanNode[];
}

/** Nodes a Sort's order passes through unchanged on its way down to one scan. */
const PASS_THROUGH = new Set(['Sort', 'Incremental Sort', 'Gather', 'Gather Merge', 'Limit', 'Materialize', 'Result']);

/** The root plan node of `EXPLAIN (FORMAT JSON)` output (`[{ "Plan": … }]`), or null when it is not one. */
export function planRoot(explain: unknown): PlanNode | null {
  const first = Array.isArray(explain) ? explain[0] : explain;
  const plan = first && typeof first === 'object' ? (first as { Plan?: unknown }).Plan : undefined;
  return plan && typeof plan === 'object' ? (plan as PlanNode) : null;
}

export function planCost(explain: unknown): number | null {
  const cost = planRoot(explain)?.['Total Cost'];
  return typeof cost === 'number' ? cost : null;
}

/** Every index name in the plan (`Index Name`), for checking whether the planner picked a hypothetical one. */
export function planIndexNames(explain: unknown): string[] {
  const out: string[] = [];
  const walk = (node: PlanNode & { 'Index Name'?: string }) => {
    if (typeof node['Index Name'] === 'string') out.push(node['Index Name']);
    for (const child of node.Plans ?? []) walk(child);
  };
  const root = planRoot(explain);
  if (root) walk(root);
  return out;
}

const IDENT = /^[a-z_][a-z0-9_$]*$/;
const quote = (name: string) => (IDENT.test(name) ? name : `"${name.replaceAll('"', '""')}"`);

export function indexCandidates(
  explain: unknown,
  tableRows: (schema: string | null, table: string) => number | null,
  t: CandidateThresholds = CANDIDATE_DEFAULTS,
): IndexCandidate[] {
  const root = planRoot(explain);
  if (!root) return [];
  const out: IndexCandidate[] = [];
  const walk = (node: PlanNode, ancestors: PlanNode[]) => {
    if (node['Node Type'] === 'Seq Scan' && typeof node['Relation Name'] === 'string') {
      const candidate = forScan(node, ancestors, tableRows, t);
      if (candidate && !out.some((c) => c.createIndex === candidate.createIndex)) out.push(candidate);
    }
    for (const child of node.Plans ?? []) walk(child, [node, ...ancestors]);
  };
  walk(root, []);
  return out;
}

function forScan(
  scan: PlanNode,
  ancestors: PlanNode[],
  tableRows: (schema: string | null, table: string) => number | null,
  t: CandidateThresholds,
): IndexCandidate | null {
  const table = scan['Relation Name']!;
  const schema = scan.Schema ?? null;
  const rows = tableRows(schema, table);
  if (rows === null || rows < t.minTableRows) return null;

  // The chain of single-child pass-through nodes right above the scan: its Sort and Limit apply to this scan alone.
  const chain: PlanNode[] = [];
  for (const a of ancestors) {
    if (!PASS_THROUGH.has(a['Node Type'] ?? '') || (a.Plans?.length ?? 0) !== 1) break;
    chain.push(a);
  }
  const gather = chain.find((a) => a['Node Type']?.startsWith('Gather'));
  // A parallel scan's Plan Rows is per process; PostgreSQL divides by workers + (1 − 0.3 × workers) for the leader.
  const workers = gather?.['Workers Planned'] ?? 0;
  const divisor = scan['Parallel Aware'] ? workers + Math.max(0, 1 - 0.3 * workers) : 1;
  const estimatedRows = Math.round((scan['Plan Rows'] ?? rows) * (divisor || 1));
  const limit = chain.find((a) => a['Node Type'] === 'Limit');
  const sortKeys = chain.find((a) => a['Node Type'] === 'Sort' || a['Node Type'] === 'Incremental Sort')?.['Sort Key'];
  const sort = (sortKeys ?? []).map(sortColumn);
  const sorted = sort.length > 0 && sort.every((s): s is SortColumn => s !== null) ? sort : [];

  const predicates = scan.Filter ? filterPredicates(scan.Filter) : [];
  const selectivity = estimatedRows / Math.max(rows, 1);
  const limitRows = limit?.['Plan Rows'] ?? null;
  const selectiveFilter = predicates.length > 0 && selectivity <= t.maxSelectivity;
  const topN = sorted.length > 0 && limitRows !== null && limitRows / rows <= t.maxSelectivity;
  if (!selectiveFilter && !topN) return null;

  const columns = indexColumns(selectiveFilter ? predicates : [], sorted, t.maxColumns);
  if (columns.length === 0) return null;
  const name = `${table}_${columns.map((c) => c.split(' ')[0]!.replaceAll('"', '')).join('_')}_idx`.slice(0, 63);
  const target = `${schema === null ? '' : `${quote(schema)}.`}${quote(table)}`;
  const what = [
    predicates.length > 0 ? `filtering ${scan.Filter} keeps ~${estimatedRows} rows (${pct(selectivity)})` : null,
    sorted.length > 0
      ? `sorts by ${sortKeys!.join(', ')}${limitRows !== null ? ` for a LIMIT of ~${limitRows}` : ''}`
      : null,
  ].filter((s) => s !== null);
  return {
    schema,
    table,
    columns,
    createIndex: `CREATE INDEX ${quote(name)} ON ${target} (${columns.join(', ')})`,
    reason: `Seq Scan on ${table} (${rows} rows) ${what.join(', then ')}`,
    tableRows: rows,
    estimatedRows,
  };
}

const pct = (share: number) => `${(share * 100).toPrecision(2)} %`;

function indexColumns(predicates: ColumnPredicate[], sort: SortColumn[], maxColumns: number): string[] {
  const out: string[] = [];
  const add = (column: string) => {
    const bare = column.split(' ')[0]!;
    if (out.length < maxColumns && !out.some((c) => c.split(' ')[0] === bare)) out.push(column);
  };
  for (const p of predicates) if (p.kind === 'equality') add(quote(p.column));
  // A backward index scan serves a uniform direction, so only mixed directions (or odd NULLS) need spelling out.
  const mixed = sort.some((s) => s.descending !== sort[0]!.descending) || sort.some((s) => s.nulls !== null);
  for (const s of sort)
    add(mixed ? [quote(s.column), s.descending ? 'DESC' : null, s.nulls].filter((x) => x).join(' ') : quote(s.column));
  const range = predicates.find((p) => p.kind === 'range');
  if (range) add(quote(range.column));
  return out;
}
