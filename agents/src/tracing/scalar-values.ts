/**
 * Cheap extraction of the scalar values dependency evidence compares (see dependency-evidence.ts). Every walk is
 * bounded — a few rows, a few columns, a prefix of a string — so a call with a huge result costs the same as a
 * small one. Values are compared as strings: pg returns int8 ids as '42' where a later call may send 42.
 */

const MAX_PARAMS = 16;
const MAX_ARRAY_ITEMS = 32;
const MAX_ROWS = 20;
const MAX_COLUMNS = 8;
const MAX_VALUE_CHARS = 64;
const MAX_JSON_SCAN_CHARS = 1024;
const MAX_JSON_IDS = 8;

// Columns whose values identify something: id, product_id, uuid, sku, slug, code, key, productId, orderUuid…
const SNAKE_ID = /(?:^|_)(?:id|uuid|sku|slug|code|key)$/i;
const CAMEL_ID = /[a-z0-9](?:Id|ID|Uuid|Sku|Slug|Code|Key)$/;
// "id": 42 / "product_id": "abc" / "productId": 7 inside a JSON text.
const JSON_ID =
  /"(?:(?:\w*_)?(?:id|uuid|sku|slug)|\w*[a-z0-9](?:Id|ID|Uuid|Sku|Slug))"\s*:\s*(?:"([^"\\]{1,64})"|(-?\d{1,20}))/g;

// Column names seen, answered once each: a service has a fixed set, so two regexes per column per query add up.
const ID_COLUMNS = new Map<string, boolean>();
const MAX_CACHED_COLUMNS = 4096;

export function isIdColumn(name: string): boolean {
  let id = ID_COLUMNS.get(name);
  if (id === undefined) {
    id = SNAKE_ID.test(name) || CAMEL_ID.test(name);
    if (ID_COLUMNS.size < MAX_CACHED_COLUMNS) ID_COLUMNS.set(name, id);
  }
  return id;
}

/** The comparable form of a scalar, or undefined for values that identify nothing (booleans, objects, long text). */
export function scalarKey(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 && value.length <= MAX_VALUE_CHARS ? value : undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'bigint') return String(value);
  return undefined;
}

/** Keys of a call's parameters: the first 16 values, and the first 32 items of array values (`= ANY($1)`). */
export function parameterKeys(values: unknown): string[] {
  const keys: string[] = [];
  if (!Array.isArray(values)) return keys;
  const n = Math.min(values.length, MAX_PARAMS);
  for (let i = 0; i < n; i++) {
    const value: unknown = values[i];
    if (Array.isArray(value)) {
      const m = Math.min(value.length, MAX_ARRAY_ITEMS);
      for (let j = 0; j < m; j++) pushKey(keys, value[j]);
    } else pushKey(keys, value);
  }
  return keys;
}

/**
 * Id-like values of a query result: the first 20 rows × the first 8 id-like columns. `fields` are the column
 * names in order (rows may be objects keyed by name, or arrays with rowMode 'array').
 */
export function rowKeys(rows: unknown, fields: readonly string[]): string[] {
  const keys: string[] = [];
  if (!Array.isArray(rows) || rows.length === 0) return keys;
  const columns: number[] = [];
  for (let c = 0; c < fields.length && columns.length < MAX_COLUMNS; c++) if (isIdColumn(fields[c]!)) columns.push(c);
  if (columns.length === 0) return keys;
  const n = Math.min(rows.length, MAX_ROWS);
  for (let r = 0; r < n; r++) {
    const row: unknown = rows[r];
    if (row === null || typeof row !== 'object') continue;
    for (const c of columns) {
      pushKey(keys, Array.isArray(row) ? row[c] : (row as Record<string, unknown>)[fields[c]!]);
    }
  }
  return keys;
}

/**
 * Values a cache read returned: a short scalar string itself (a cached id), or for JSON text the id-like fields
 * found in its first 1 KiB (no parse, no deep walk). Example: '{"id":7,"name":"x","category_id":"c1"}' → 7, c1.
 */
export function textKeys(text: string, keys: string[] = []): string[] {
  const first = text.charCodeAt(0);
  if (first !== 0x7b && first !== 0x5b) {
    pushKey(keys, text);
    return keys;
  }
  JSON_ID.lastIndex = 0;
  const prefix = text.length > MAX_JSON_SCAN_CHARS ? text.slice(0, MAX_JSON_SCAN_CHARS) : text;
  let found = 0;
  for (let m = JSON_ID.exec(prefix); m && found < MAX_JSON_IDS; m = JSON_ID.exec(prefix), found++) {
    keys.push(m[1] ?? m[2]!);
  }
  return keys;
}

/** Path segments and query values of a URL path: `/users/7/orders?sku=a1` → users, 7, orders, a1. */
export function urlKeys(path: string): string[] {
  const keys: string[] = [];
  const q = path.indexOf('?');
  const pathname = q < 0 ? path : path.slice(0, q);
  for (const segment of pathname.split('/')) {
    if (keys.length >= MAX_PARAMS) return keys;
    if (segment) pushKey(keys, safeDecode(segment));
  }
  if (q >= 0) {
    for (const pair of path.slice(q + 1).split('&')) {
      if (keys.length >= MAX_PARAMS) break;
      const eq = pair.indexOf('=');
      if (eq >= 0) pushKey(keys, safeDecode(pair.slice(eq + 1).replaceAll('+', ' ')));
    }
  }
  return keys;
}

function pushKey(keys: string[], value: unknown): void {
  const key = scalarKey(value);
  if (key !== undefined) keys.push(key);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
