/**
 * Token kinds of PostgreSQL's lexical structure that matter for fingerprinting:
 * - word: identifier or keyword (`SELECT`, `products`); quoted: `"Order"`;
 * - string: any string constant ('x', E'x', B'1', X'ff', U&'x', $$x$$, $tag$x$tag$);
 * - number: 42, 3.5, .5e-3, 0x1F, 1_000; param: $1;
 * - punct: ( ) [ ] , ; . ::  and op: any other operator (=, <>, ||, ->>, -, …).
 */
export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'param' | 'punct' | 'op';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Whitespace or a comment separated this token from the previous one. */
  spaced: boolean;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const DIGIT = /[0-9]/;
const OP_CHARS = new Set('+-*/<>=~!@#%^&|`?');
// An operator of several characters may end in + or - only if it holds one of these (PostgreSQL lexer rule), so
// `=-1` is `=` then `-1`.
const OP_SPECIAL = /[~!@#%^&|`?]/;
const NUMBER = /^(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?)/;
const DOLLAR_TAG = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;
const STRING_PREFIXES = new Set(['e', 'b', 'x', 'n']);

/**
 * Splits SQL into tokens, dropping whitespace and comments (`-- …`, nested `/* … *\/`). Never throws: an
 * unterminated string, quoted identifier or comment runs to the end of the text.
 * Example: `SELECT * FROM t WHERE id = $1 -- x` → SELECT, *, FROM, t, WHERE, id, =, $1.
 */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  const n = sql.length;
  let i = 0;
  let spaced = false;
  const push = (kind: TokenKind, text: string) => {
    tokens.push({ kind, text, spaced });
    spaced = false;
  };
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\f') {
      spaced = true;
      i++;
    } else if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
      spaced = true;
    } else if (c === '/' && next === '*') {
      i = skipBlockComment(sql, i);
      spaced = true;
    } else if (c === "'") {
      const end = skipQuoted(sql, i, "'", false);
      push('string', sql.slice(i, end));
      i = end;
    } else if (c === '"') {
      const end = skipQuoted(sql, i, '"', false);
      push('quoted', sql.slice(i, end));
      i = end;
    } else if (STRING_PREFIXES.has(c.toLowerCase()) && next === "'" && !wordBefore(sql, i)) {
      const end = skipQuoted(sql, i + 1, "'", c === 'e' || c === 'E');
      push('string', sql.slice(i, end));
      i = end;
    } else if ((c === 'u' || c === 'U') && next === '&' && (sql[i + 2] === "'" || sql[i + 2] === '"')) {
      const quote = sql[i + 2]!;
      const end = skipQuoted(sql, i + 2, quote, false);
      push(quote === "'" ? 'string' : 'quoted', sql.slice(i, end));
      i = end;
    } else if (WORD_START.test(c)) {
      let end = i + 1;
      while (end < n && WORD_PART.test(sql[end]!)) end++;
      push('word', sql.slice(i, end));
      i = end;
    } else if (DIGIT.test(c) || (c === '.' && next !== undefined && DIGIT.test(next))) {
      const match = NUMBER.exec(sql.slice(i, i + 64))!;
      push('number', match[0]);
      i += match[0].length;
    } else if (c === '$') {
      i = dollar(sql, i, push);
    } else if (c === ':' && next === ':') {
      push('punct', '::');
      i += 2;
    } else if ('()[],;.:'.includes(c)) {
      push('punct', c);
      i++;
    } else if (OP_CHARS.has(c)) {
      const end = operatorEnd(sql, i);
      push('op', sql.slice(i, end));
      i = end;
    } else {
      push('op', c);
      i++;
    }
  }
  return tokens;
}

function wordBefore(sql: string, i: number): boolean {
  return i > 0 && WORD_PART.test(sql[i - 1]!);
}

/** Index after the closing quote; `''` (or `""`) is an escaped quote, and so is `\'` in E'' strings. */
function skipQuoted(sql: string, open: number, quote: string, backslashEscapes: boolean): number {
  for (let i = open + 1; i < sql.length; i++) {
    const c = sql[i];
    if (backslashEscapes && c === '\\') i++;
    else if (c === quote) {
      if (sql[i + 1] === quote) i++;
      else return i + 1;
    }
  }
  return sql.length;
}

function skipBlockComment(sql: string, open: number): number {
  let depth = 0;
  for (let i = open; i < sql.length - 1; i++) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth++;
      i++;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      depth--;
      i++;
      if (depth === 0) return i + 1;
    }
  }
  return sql.length;
}

/** `$1` (param), `$$…$$` / `$tag$…$tag$` (string), or a lone `$` (op). Returns the index after it. */
function dollar(sql: string, i: number, push: (kind: TokenKind, text: string) => void): number {
  const param = /^\$\d+/.exec(sql.slice(i, i + 12));
  if (param) {
    push('param', param[0]);
    return i + param[0].length;
  }
  const tag = DOLLAR_TAG.exec(sql.slice(i, i + 64));
  if (tag) {
    const close = sql.indexOf(tag[0], i + tag[0].length);
    const end = close < 0 ? sql.length : close + tag[0].length;
    push('string', sql.slice(i, end));
    return end;
  }
  push('op', '$');
  return i + 1;
}

function operatorEnd(sql: string, start: number): number {
  let end = start;
  while (end < sql.length && OP_CHARS.has(sql[end]!)) {
    // A comment start ends the operator.
    if ((sql[end] === '-' && sql[end + 1] === '-') || (sql[end] === '/' && sql[end + 1] === '*')) break;
    end++;
  }
  if (end === start) return start + 1;
  const text = sql.slice(start, end);
  if (text.length > 1 && !OP_SPECIAL.test(text)) {
    while (end - start > 1 && (sql[end - 1] === '+' || sql[end - 1] === '-')) end--;
  }
  return end;
}
