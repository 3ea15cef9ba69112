import type { ValueHasher } from '../tracing/value-hash.js';
import type { StatementInfo } from './statement-cache.js';

// Past these, the hash costs more than it tells: the attribute is left out (see docs/telemetry.md).
export const MAX_RESULT_ROWS = 100;
const MAX_HASHED_VALUES = 10_000;
const MAX_HASHED_CHARS = 64 * 1024;

interface ResultLike {
  rows?: unknown;
  fields?: Array<{ name?: unknown }>;
}

/**
 * `stride.db.params_hash`: the statement's fingerprint and literals (hashed once per statement, see StatementInfo)
 * followed by the parameter values. Undefined past 2,000 values or 64 K characters.
 */
export function paramsHash(hasher: ValueHasher, statement: StatementInfo, params: unknown): string | undefined {
  hasher.start(statement.paramsSeed1, statement.paramsSeed2);
  return hasher.value(Array.isArray(params) ? params : []) ? hasher.digest() : undefined;
}

/**
 * `stride.db.result_hash`: the column names and every value of every row, in order (a multi-statement query's
 * results one after another). Undefined when a result has no rows array, or past 100 rows or 64 K characters of
 * values — the walk stops as soon as a limit is passed.
 */
export function resultHash(hasher: ValueHasher, result: unknown): string | undefined {
  const results = (Array.isArray(result) ? result : [result]) as Array<ResultLike | null | undefined>;
  let rowCount = 0;
  for (const r of results) {
    if (!r || !Array.isArray(r.rows)) return undefined;
    rowCount += r.rows.length;
  }
  if (rowCount > MAX_RESULT_ROWS) return undefined;
  hasher.start(undefined, undefined, MAX_HASHED_VALUES, MAX_HASHED_CHARS);
  for (const r of results) {
    const rows = r!.rows as unknown[];
    const fields = Array.isArray(r!.fields) ? r!.fields : [];
    hasher.code(rows.length);
    const names: string[] = [];
    for (const field of fields) {
      const name = String(field?.name);
      names.push(name);
      if (!hasher.value(name)) return undefined;
    }
    for (const row of rows) {
      if (Array.isArray(row) || names.length === 0 || row === null || typeof row !== 'object') {
        if (!hasher.value(row)) return undefined;
        continue;
      }
      for (const name of names) if (!hasher.value((row as Record<string, unknown>)[name])) return undefined;
    }
  }
  return hasher.digest();
}
