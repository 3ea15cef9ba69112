/**
 * Reading PostgreSQL's deparsed plan expressions (EXPLAIN VERBOSE), only as far as index advice needs: which
 * columns a scan filter compares with a constant or parameter, and how, and which columns a Sort orders by.
 * Example: `((orders.user_id = $1) AND (orders.created_at > $2))` →
 *   [{ column: 'user_id', kind: 'equality' }, { column: 'created_at', kind: 'range' }].
 * Anything else (OR, functions of columns, column-to-column comparisons) yields nothing for that conjunct.
 */
export interface ColumnPredicate {
  column: string;
  kind: 'equality' | 'range';
}

export interface SortColumn {
  column: string;
  descending: boolean;
  /** `NULLS FIRST`/`NULLS LAST` when stated (only when it differs from the direction's default). */
  nulls: string | null;
}

const COLUMN = String.raw`\(?(?:(?:"[^"]+"|[a-z_][a-z0-9_$]*)\.)?("[^"]+"|[a-z_][a-z0-9_$]*)\)?(?:::[a-z_ ]+(?:\[\])?)?`;
const VALUE = String.raw`(?:\$\d+|'(?:[^']|'')*'|-?\d+(?:\.\d+)?|NULL|true|false)(?:::[a-z_ "]+(?:\[\])?)?|\(\$\d+\)::[a-z_ ]+(?:\[\])?`;
const COMPARISON = new RegExp(String.raw`^${COLUMN}\s*(=|<=|>=|<|>)\s*(ANY\s*\()?(?:${VALUE})\)?$`, 'i');
const REVERSED = new RegExp(String.raw`^(?:${VALUE})\s*(=|<=|>=|<|>)\s*${COLUMN}$`, 'i');
const IS_NULL = new RegExp(String.raw`^${COLUMN}\s+IS\s+NULL$`, 'i');

const unquote = (name: string) => (name.startsWith('"') ? name.slice(1, -1).replaceAll('""', '"') : name);

/** Removes parentheses that wrap the whole expression: `((a = 1))` → `a = 1`. */
function stripOuter(expr: string): string {
  let s = expr.trim();
  while (s.startsWith('(') && s.endsWith(')')) {
    let depth = 0;
    let wraps = true;
    for (let i = 0; i < s.length; i++) {
      if (s[i] === '(') depth++;
      else if (s[i] === ')') depth--;
      if (depth === 0 && i < s.length - 1) {
        wraps = false;
        break;
      }
    }
    if (!wraps) break;
    s = s.slice(1, -1).trim();
  }
  return s;
}

/** Splits at top-level (outside parentheses and quotes) occurrences of ` AND ` / ` OR `. */
function splitTopLevel(expr: string, word: 'AND' | 'OR'): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  const token = ` ${word} `;
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i];
    if (ch === "'") quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth--;
    else if (!quoted && depth === 0 && expr.startsWith(token, i)) {
      parts.push(expr.slice(start, i));
      start = i + token.length;
      i += token.length - 1;
    }
  }
  parts.push(expr.slice(start));
  return parts.map((p) => p.trim());
}

export function filterPredicates(filter: string): ColumnPredicate[] {
  const body = stripOuter(filter);
  if (splitTopLevel(body, 'OR').length > 1) return [];
  const out: ColumnPredicate[] = [];
  for (const conjunct of splitTopLevel(body, 'AND').map(stripOuter)) {
    if (splitTopLevel(conjunct, 'OR').length > 1) continue;
    const direct = COMPARISON.exec(conjunct);
    const reversed = direct ? null : REVERSED.exec(conjunct);
    const isNull = direct || reversed ? null : IS_NULL.exec(conjunct);
    if (direct) out.push({ column: unquote(direct[1]!), kind: direct[2] === '=' ? 'equality' : 'range' });
    else if (reversed) out.push({ column: unquote(reversed[2]!), kind: reversed[1] === '=' ? 'equality' : 'range' });
    else if (isNull) out.push({ column: unquote(isNull[1]!), kind: 'equality' });
  }
  return out;
}

/** `orders.created_at DESC NULLS LAST` → { column: 'created_at', descending: true, nulls: 'NULLS LAST' }; null for expressions. */
export function sortColumn(key: string): SortColumn | null {
  const m = new RegExp(String.raw`^${COLUMN}(?:\s+(ASC|DESC))?(?:\s+(NULLS (?:FIRST|LAST)))?$`, 'i').exec(key.trim());
  if (!m) return null;
  const descending = (m[2] ?? '').toUpperCase() === 'DESC';
  const nulls = m[3] ? m[3].toUpperCase() : null;
  // The default is NULLS LAST for ASC and NULLS FIRST for DESC; only a non-default choice shapes the index.
  const isDefault = nulls === null || nulls === (descending ? 'NULLS FIRST' : 'NULLS LAST');
  return { column: unquote(m[1]!), descending, nulls: isDefault ? null : nulls };
}
