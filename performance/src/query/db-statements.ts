import { durationQuantileMs, tallyDurations } from './duration-tally.js';
import { groupBy, type SeriesAggregate } from './request-stats.js';
import { ATTR_DB_OPERATION, ATTR_DB_QUERY, ATTR_DB_SYSTEM, ATTR_ERROR_TYPE } from './telemetry-names.js';

export interface DbStatement {
  /** The normalized statement (`db.query.text`): literals replaced, so it is the fingerprint. */
  statement: string;
  system: string | null;
  operation: string | null;
  calls: number;
  errors: number;
  p50Ms: number | null;
  p95Ms: number | null;
  totalTimeMs: number;
  meanMs: number | null;
  /** Mean rows returned per call, from db.client.response.returned_rows; null when not reported. */
  meanRows: number | null;
}

/**
 * Statements by fingerprint, most total time first: the one to fix first is the one costing the most time, whether
 * it is slow or merely called a lot. Series without `db.query.text` (Redis commands) are not statements.
 * Example: 1,000 calls of `SELECT … WHERE id = $1` at 2 ms (2 s total) rank above 10 calls at 100 ms (1 s).
 */
export function dbStatements(durations: readonly SeriesAggregate[], rows: readonly SeriesAggregate[]): DbStatement[] {
  const statementOf = (item: SeriesAggregate) => item.series.attributes[ATTR_DB_QUERY] ?? '';
  const rowsByStatement = groupBy(rows, statementOf);
  const statements: DbStatement[] = [];
  for (const [statement, items] of groupBy(durations, statementOf)) {
    if (statement === '') continue;
    const tally = tallyDurations(items);
    if (tally.count === 0) continue;
    const errors = items
      .filter((i) => (i.series.attributes[ATTR_ERROR_TYPE] ?? '') !== '')
      .reduce((n, i) => n + i.aggregate.count, 0);
    const rowItems = (rowsByStatement.get(statement) ?? []).filter((i) => i.aggregate.count > 0);
    const rowCount = rowItems.reduce((n, i) => n + i.aggregate.count, 0);
    const attributes = items[0]!.series.attributes;
    statements.push({
      statement,
      system: attributes[ATTR_DB_SYSTEM] ?? null,
      operation: attributes[ATTR_DB_OPERATION] ?? null,
      calls: tally.count,
      errors,
      p50Ms: durationQuantileMs(tally, 0.5),
      p95Ms: durationQuantileMs(tally, 0.95),
      totalTimeMs: tally.totalMs,
      meanMs: tally.totalMs / tally.count,
      meanRows: rowCount > 0 ? rowItems.reduce((sum, i) => sum + i.aggregate.sum, 0) / rowCount : null,
    });
  }
  return statements.sort((a, b) => b.totalTimeMs - a.totalTimeMs || a.statement.localeCompare(b.statement));
}
