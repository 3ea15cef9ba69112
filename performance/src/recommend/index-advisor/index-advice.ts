/**
 * What the index advisor (I/O, at the edge) hands the pure missing-index detector through
 * AnalysisInput.indexAdvice. Example for `select * from orders where user_id = $1 order by created_at desc`:
 *   { database: 'shop', statement: '…', costBefore: 4200.8, hypopg: true, candidates: [{ table: 'orders',
 *     createIndex: 'CREATE INDEX orders_user_id_created_at_idx ON public.orders (user_id, created_at)',
 *     costAfter: 14.8, … }] }
 */
export interface IndexCandidate {
  /** null when the plan did not name it (EXPLAIN without VERBOSE). */
  schema: string | null;
  table: string;
  /** Index columns in order: equality columns, then sort columns, then one range column (`created_at DESC` only when sort directions are mixed). */
  columns: string[];
  /** An exact statement, e.g. `CREATE INDEX orders_user_id_created_at_idx ON public.orders (user_id, created_at)`. */
  createIndex: string;
  /** Why, in words, with the numbers from the plan. */
  reason: string;
  /** Table size (pg_class.reltuples) and the scan's estimated output rows, for the selectivity in the evidence. */
  tableRows: number;
  estimatedRows: number;
}

export interface IndexAdvice {
  /** The STRIDE_EXPLAIN_DATABASES name the statement was explained on. */
  database: string;
  statement: string;
  /** Planner total cost of the generic plan as it is. */
  costBefore: number;
  /** Whether hypopg was available, so candidates carry costAfter. */
  hypopg: boolean;
  candidates: (IndexCandidate & { costAfter: number | null; usedByPlanner: boolean | null })[];
}
