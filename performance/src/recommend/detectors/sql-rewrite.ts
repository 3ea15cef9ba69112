/**
 * Small, conservative rewrites of normalized statements for fix examples. They only touch the one predicate they
 * recognise and return null otherwise, so a fix never shows SQL that was guessed wholesale.
 */

const IDENT = String.raw`(?:"[^"]+"|[a-z_][a-z0-9_$]*)(?:\.(?:"[^"]+"|[a-z_][a-z0-9_$]*))?`;

export interface BatchRewrite {
  statement: string;
  /** The column compared, as written (`o.user_id`), and its bare name (`user_id`) for row lookups. */
  column: string;
  columnName: string;
  /** The placeholder that now takes an array, e.g. `$1`. */
  param: string;
}

/**
 * `… WHERE order_id = $1` or `… WHERE order_id IN ($1)` → `… WHERE order_id = ANY($1)`: one statement for the
 * whole batch, with a single array parameter (one plan, however many ids).
 */
export function batchRewrite(statement: string): BatchRewrite | null {
  const pattern = new RegExp(String.raw`(${IDENT})\s*(?:=\s*(\$\d+)(?![\d])|in\s*\(\s*(\$\d+)\s*\))`, 'i');
  const m = pattern.exec(statement);
  if (!m || !/\bwhere\b/i.test(statement.slice(0, m.index))) return null;
  const column = m[1]!;
  const param = (m[2] ?? m[3])!;
  return {
    statement: `${statement.slice(0, m.index)}${column} = ANY(${param})${statement.slice(m.index + m[0].length)}`,
    column,
    columnName: column.split('.').pop()!.replaceAll('"', ''),
    param,
  };
}

/** The main table of a statement (`FROM x`, `UPDATE x`, `INTO x`), unquoted, or null. */
export function mainTable(statement: string): string | null {
  const m = new RegExp(String.raw`\b(?:from|update|into)\s+(${IDENT})`, 'i').exec(statement);
  return m ? m[1]!.replaceAll('"', '') : null;
}

/** Whether the statement limits its rows (`LIMIT`, `FETCH FIRST`), checked on the normalized text. */
export function hasLimit(statement: string): boolean {
  return /\blimit\s+(\$\d+|\?|\d+)|\bfetch\s+(first|next)\b/i.test(statement);
}

/** Highest `$n` in the statement, 0 without placeholders. */
export function maxParam(statement: string): number {
  let max = 0;
  for (const m of statement.matchAll(/\$(\d+)/g)) max = Math.max(max, Number(m[1]));
  return max;
}

/** A statement in a TypeScript template literal. */
export function tsString(statement: string): string {
  return `\`${statement.replaceAll('\\', '\\\\').replaceAll('`', '\\`').replaceAll('${', '\\${')}\``;
}
