import { type Token, tokenize } from './sql-tokenizer.js';

/** What one statement is, for metrics and spans. */
export interface StatementSummary {
  /** The fingerprint text: literals as `?`, lists collapsed, `$n` renumbered, whitespace normalized. */
  text: string;
  /** Upper-case operation keyword: SELECT, INSERT, UPDATE, DELETE, BEGIN, … ('' for an empty statement). */
  operation: string;
  /** The main table (`products`, `public.orders`), when one is evident. */
  table: string | undefined;
  /** The literals the text replaced by `?`, in order, as written (a folded sign included): `['5', '-2.5', "'x'"]`. */
  literals: string[];
}

// Keywords after which `-` is a sign rather than subtraction (`LIMIT -1`, `THEN -2`).
const SIGN_CONTEXT_WORDS = new Set([
  'select',
  'where',
  'and',
  'or',
  'not',
  'then',
  'else',
  'when',
  'by',
  'limit',
  'offset',
  'values',
  'in',
  'is',
  'between',
  'as',
  'on',
  'having',
  'case',
  'set',
  'return',
  'returning',
  'like',
]);
const MAIN_OPERATIONS = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE']);
// The keyword naming the target table, per operation.
const TABLE_KEYWORD: Record<string, string> = {
  SELECT: 'FROM',
  DELETE: 'FROM',
  INSERT: 'INTO',
  MERGE: 'INTO',
  UPDATE: 'UPDATE',
};

/**
 * PostgreSQL statement → fingerprint text, operation and table, after pg_stat_statements and Datadog's
 * obfuscator. Example:
 *   `select * from products  where id in (1, 2, 3) and price > -5.5 and name = 'x' limit 10`
 *   → `select * from products where id in (?) and price > ? and name = ? limit ?`, SELECT, products.
 * Collapsed: IN (…) lists, ARRAY[…] and VALUES (…), (…) rows whose items share one shape; placeholders are then
 * renumbered in order of appearance, so `IN ($1, $2) AND s = $3` and `IN ($1) AND s = $2` share a fingerprint.
 */
export function normalizeStatement(sql: string): StatementSummary {
  const literals: string[] = [];
  const tokens = replaceLiterals(tokenize(sql), literals);
  const collapsed = collapseLists(tokens);
  renumberParams(collapsed);
  while (collapsed.length > 0 && collapsed[collapsed.length - 1]!.text === ';') collapsed.pop();
  const { operation, table } = describe(collapsed);
  return { text: render(collapsed), operation, table, literals };
}

function replaceLiterals(tokens: Token[], literals: string[]): Token[] {
  const out: Token[] = [];
  for (const token of tokens) {
    if (token.kind === 'string' || token.kind === 'number') {
      const prev = out[out.length - 1];
      if (prev && (prev.text === '-' || prev.text === '+') && isSignContext(out[out.length - 2])) {
        out[out.length - 1] = { kind: 'string', text: '?', spaced: prev.spaced };
        literals.push(prev.text + token.text);
        continue;
      }
      literals.push(token.text);
      out.push({ kind: 'string', text: '?', spaced: token.spaced });
    } else out.push(token);
  }
  return out;
}

function isSignContext(before: Token | undefined): boolean {
  if (!before) return true;
  if (before.kind === 'op') return true;
  if (before.kind === 'punct') return before.text !== ')' && before.text !== ']';
  return before.kind === 'word' && SIGN_CONTEXT_WORDS.has(before.text.toLowerCase());
}

const isValue = (t: Token) => t.kind === 'string' || t.kind === 'param';

/** Collapses IN (…), ARRAY[…] and VALUES (…), (…) lists whose items all have the shape of the first. */
function collapseLists(tokens: Token[]): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i]!;
    out.push(token);
    i++;
    const next = tokens[i];
    const word = token.kind === 'word' ? token.text.toLowerCase() : '';
    if (word === 'in' && next?.text === '(') i = copyCollapsed(tokens, i, out);
    else if (word === 'array' && next?.text === '[') i = copyCollapsed(tokens, i, out);
    else if (word === 'values' && next?.text === '(') i = copyCollapsedRows(tokens, i, out);
  }
  return out;
}

/**
 * tokens[open] is `(` or `[`. Copies the bracketed list to `out`, keeping only its first item when every item has
 * the same shape and contains a value; returns the index after the closing bracket.
 */
function copyCollapsed(tokens: Token[], open: number, out: Token[]): number {
  const end = matching(tokens, open);
  const items = splitItems(tokens, open + 1, end);
  const body = collapsible(tokens, items) ? [items[0]!] : items.length > 0 ? [[open + 1, end] as const] : [];
  out.push(tokens[open]!);
  for (const [from, to] of body) out.push(...collapseLists(tokens.slice(from, to)));
  if (end < tokens.length) out.push(tokens[end]!);
  return end + 1;
}

/** `VALUES (…), (…), …` with tokens[start] the first `(`: keeps the first row when all rows share its shape. */
function copyCollapsedRows(tokens: Token[], start: number, out: Token[]): number {
  const rows: Array<readonly [number, number]> = [];
  let i = start;
  while (tokens[i]?.text === '(') {
    const end = Math.min(matching(tokens, i) + 1, tokens.length);
    rows.push([i, end]);
    if (tokens[end]?.text !== ',' || tokens[end + 1]?.text !== '(') break;
    i = end + 1;
  }
  const end = rows[rows.length - 1]?.[1] ?? start;
  const [from, to] = collapsible(tokens, rows) ? rows[0]! : [start, end];
  out.push(...collapseLists(tokens.slice(from, to)));
  return end;
}

function collapsible(tokens: Token[], items: ReadonlyArray<readonly [number, number]>): boolean {
  if (items.length < 2) return false;
  const [from, to] = items[0]!;
  if (!tokens.slice(from, to).some(isValue)) return false;
  const first = shapeOf(tokens, from, to);
  return items.every(([f, t]) => shapeOf(tokens, f, t) === first);
}

/** Item text with every value masked: `$3::int` and `?::int` have the same shape. */
function shapeOf(tokens: Token[], from: number, to: number): string {
  let shape = '';
  for (let i = from; i < to; i++) shape += `${isValue(tokens[i]!) ? '\u0000' : tokens[i]!.text.toLowerCase()} `;
  return shape;
}

/** Index of the bracket closing tokens[open], or tokens.length when unbalanced. */
function matching(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const text = tokens[i]!.text;
    if (tokens[i]!.kind !== 'punct') continue;
    if (text === '(' || text === '[') depth++;
    else if (text === ')' || text === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return tokens.length;
}

/** [from, to) ranges of the comma-separated items between from and to, at bracket depth 0. */
function splitItems(tokens: Token[], from: number, to: number): Array<readonly [number, number]> {
  const items: Array<readonly [number, number]> = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < to; i++) {
    const { kind, text } = tokens[i]!;
    if (kind !== 'punct') continue;
    if (text === '(' || text === '[') depth++;
    else if (text === ')' || text === ']') depth--;
    else if (text === ',' && depth === 0) {
      items.push([start, i]);
      start = i + 1;
    }
  }
  if (to > start) items.push([start, to]);
  return items;
}

/** `$7 … $3 … $7` → `$1 … $2 … $1`: numbered by first appearance, repeated uses keep one number. */
function renumberParams(tokens: Token[]): void {
  const numbers = new Map<string, number>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind !== 'param') continue;
    let n = numbers.get(token.text);
    if (n === undefined) {
      n = numbers.size + 1;
      numbers.set(token.text, n);
    }
    tokens[i] = { ...token, text: `$${n}` };
  }
}

const NO_SPACE_AFTER = new Set(['(', '[', '.', '::']);
const NO_SPACE_BEFORE = new Set([')', ']', ',', ';', '.', '::', '[']);

/** One space between tokens, none inside brackets, before commas, around `.`/`::`, or in `name(` calls. */
function render(tokens: Token[]): string {
  let out = '';
  let prev: Token | undefined;
  for (const token of tokens) {
    if (prev && needsSpace(prev, token)) out += ' ';
    out += token.text;
    prev = token;
  }
  return out;
}

function needsSpace(prev: Token, token: Token): boolean {
  if (prev.kind === 'punct' && NO_SPACE_AFTER.has(prev.text)) return false;
  if (token.kind === 'punct' && NO_SPACE_BEFORE.has(token.text)) return false;
  if (token.text === '(' && (prev.kind === 'word' || prev.kind === 'quoted')) return token.spaced;
  return true;
}

/** Operation: the first keyword, or for `WITH …` the first main operation outside the CTE bodies. */
function describe(tokens: Token[]): { operation: string; table: string | undefined } {
  const first = tokens.find((t) => t.kind === 'word');
  if (!first) return { operation: '', table: undefined };
  let operation = first.text.toUpperCase();
  let depth = 0;
  let opIndex = tokens.indexOf(first);
  for (let i = 0; i < tokens.length; i++) {
    const { kind, text } = tokens[i]!;
    if (kind === 'punct' && text === '(') depth++;
    else if (kind === 'punct' && text === ')') depth--;
    else if (operation === 'WITH' && depth === 0 && kind === 'word' && MAIN_OPERATIONS.has(text.toUpperCase())) {
      operation = text.toUpperCase();
      opIndex = i;
      break;
    }
  }
  return { operation, table: tableOf(tokens, operation, opIndex) };
}

function tableOf(tokens: Token[], operation: string, opIndex: number): string | undefined {
  const keyword = TABLE_KEYWORD[operation];
  if (!keyword) return undefined;
  let depth = 0;
  let i = keyword === 'UPDATE' ? opIndex : -1;
  for (let j = opIndex + 1; i < 0 && j < tokens.length; j++) {
    const { kind, text } = tokens[j]!;
    if (kind === 'punct' && text === '(') depth++;
    else if (kind === 'punct' && text === ')') depth--;
    else if (depth === 0 && kind === 'word' && text.toUpperCase() === keyword) i = j;
  }
  if (i < 0) return undefined;
  let j = i + 1;
  if (tokens[j]?.kind === 'word' && tokens[j]!.text.toUpperCase() === 'ONLY') j++;
  let name = identifier(tokens[j]);
  if (name === undefined) return undefined;
  while (tokens[j + 1]?.text === '.' && identifier(tokens[j + 2]) !== undefined) {
    name += `.${identifier(tokens[j + 2])}`;
    j += 2;
  }
  return name;
}

function identifier(token: Token | undefined): string | undefined {
  if (token?.kind === 'word') return token.text;
  if (token?.kind === 'quoted') return token.text.slice(1, -1).replaceAll('""', '"');
  return undefined;
}
