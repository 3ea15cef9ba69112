/**
 * A bounded, non-cryptographic 64-bit hash of plain values, for span attributes that let the service compare calls
 * across requests without shipping their data: `stride.db.params_hash` (statement fingerprint, its literals and the
 * parameters), `stride.db.result_hash` (result rows) and `stride.http.target_hash` (method + host + path and query).
 *
 * Two independent 32-bit multiply-xorshift lanes (cyrb53's mixing) give 16 hex digits. A walk visits at most
 * `maxValues` scalars and `maxChars` characters of text and answers undefined past either, so a huge result costs a
 * bounded amount and is simply not hashed. Type tags keep `1` and `'1'`, `[1, 2]` and `[12]` apart. Example:
 * hashValues(['SELECT …', [42]]) → 'c0f3a8…' (16 hex digits), the same in every request that sends the same values.
 *
 * A ValueHasher is reused call after call (start → value… → digest) and can start from a saved state, so a prefix
 * hashed once (a statement's fingerprint and literals) is not hashed again on every call.
 */

const TAG_STRING = 1;
const TAG_NUMBER = 2;
const TAG_OTHER = 3;
const TAG_OPEN = 4;
const TAG_CLOSE = 5;
const TAG_KEY = 6;
const MAX_BYTES = 256;
export const SEED_1 = 0xdeadbeef;
export const SEED_2 = 0x41c6ce57;
const DEFAULT_MAX_VALUES = 2_000;
const DEFAULT_MAX_CHARS = 64 * 1024;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
// A number's 8 bytes as two 32-bit words: numbers are hashed by value without formatting them as text.
const F64 = new Float64Array(1);
const WORDS = new Uint32Array(F64.buffer);

export class ValueHasher {
  h1 = SEED_1;
  h2 = SEED_2;
  #values = DEFAULT_MAX_VALUES;
  #chars = DEFAULT_MAX_CHARS;

  /** Starts a new hash from the seeds (or a state saved from h1/h2), with its budgets. */
  start(h1 = SEED_1, h2 = SEED_2, maxValues = DEFAULT_MAX_VALUES, maxChars = DEFAULT_MAX_CHARS): this {
    this.h1 = h1;
    this.h2 = h2;
    this.#values = maxValues;
    this.#chars = maxChars;
    return this;
  }

  code(c: number): void {
    this.h1 = Math.imul(this.h1 ^ c, 2654435761);
    this.h2 = Math.imul(this.h2 ^ c, 1597334677);
  }

  /** A tagged string; false once the character budget is spent. */
  text(tag: number, s: string): boolean {
    this.#chars -= s.length;
    if (this.#chars < 0) return false;
    let h1 = Math.imul(this.h1 ^ tag, 2654435761);
    let h2 = Math.imul(this.h2 ^ tag, 1597334677);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
    this.code(s.length);
    return true;
  }

  /** False once a budget is spent: the caller stops and the hash is abandoned. */
  value(v: unknown): boolean {
    if (--this.#values < 0) return false;
    switch (typeof v) {
      case 'string':
        return this.text(TAG_STRING, v);
      case 'number':
        this.number(v);
        return true;
      case 'bigint':
        return this.text(TAG_NUMBER, String(v));
      case 'object':
        return this.object(v);
      default:
        // boolean, undefined, symbol, function: their kind and name is all that can repeat.
        return this.text(TAG_OTHER, String(v));
    }
  }

  object(v: object | null): boolean {
    if (v === null) {
      this.code(TAG_OTHER);
      return true;
    }
    if (v instanceof Date) {
      this.number(v.getTime());
      return true;
    }
    if (ArrayBuffer.isView(v)) {
      const bytes = new Uint8Array(v.buffer, v.byteOffset, Math.min(v.byteLength, MAX_BYTES));
      this.code(TAG_OPEN);
      for (let i = 0; i < bytes.length; i++) this.code(bytes[i]!);
      this.code(v.byteLength);
      return true;
    }
    this.code(TAG_OPEN);
    if (Array.isArray(v)) {
      for (const item of v) if (!this.value(item)) return false;
    } else {
      for (const key in v) {
        if (!Object.hasOwn(v, key)) continue;
        if (!this.text(TAG_KEY, key) || !this.value((v as Record<string, unknown>)[key])) return false;
      }
    }
    this.code(TAG_CLOSE);
    return true;
  }

  /** A number by its IEEE 754 bits (-0 and 0 count as equal, as do all NaNs). */
  number(n: number): void {
    this.code(TAG_NUMBER);
    if (n === (n | 0)) {
      this.code(n);
      return;
    }
    F64[0] = Number.isNaN(n) ? Number.NaN : n;
    this.code(WORDS[0]!);
    this.code(WORDS[1]!);
    this.code(TAG_NUMBER);
  }

  digest(): string {
    let { h1, h2 } = this;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (
      HEX[(h1 >>> 24) & 0xff]! +
      HEX[(h1 >>> 16) & 0xff]! +
      HEX[(h1 >>> 8) & 0xff]! +
      HEX[h1 & 0xff]! +
      HEX[(h2 >>> 24) & 0xff]! +
      HEX[(h2 >>> 16) & 0xff]! +
      HEX[(h2 >>> 8) & 0xff]! +
      HEX[h2 & 0xff]!
    );
  }
}

/** 16 hex digits over `values` in order, or undefined when they hold more than `maxValues` scalars. */
export function hashValues(
  values: readonly unknown[],
  maxValues = DEFAULT_MAX_VALUES,
  hasher = new ValueHasher(),
): string | undefined {
  hasher.start(SEED_1, SEED_2, maxValues);
  for (const value of values) if (!hasher.value(value)) return undefined;
  return hasher.digest();
}
