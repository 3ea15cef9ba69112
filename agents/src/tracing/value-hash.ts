/**
 * A bounded, non-cryptographic 64-bit hash of plain values, for span attributes that let the service compare calls
 * across requests without shipping their data: `stride.db.params_hash` (statement + parameters),
 * `stride.db.result_hash` (result rows) and `stride.http.target_hash` (method + host + path and query).
 *
 * Two independent 32-bit multiply-xorshift lanes (cyrb53's mixing) give 16 hex digits. The walk visits at most
 * `maxValues` scalars and answers undefined past that, so a huge result costs a bounded amount and is simply not
 * hashed. Type tags keep `1` and `'1'`, `[1, 2]` and `[12]` apart. Example: hashValues(['SELECT …', [42]]) →
 * 'c0f3a8…' (16 hex digits), the same in every request that sends the same statement and values.
 */

const TAG_STRING = 1;
const TAG_NUMBER = 2;
const TAG_OTHER = 3;
const TAG_OPEN = 4;
const TAG_CLOSE = 5;
const TAG_KEY = 6;
const MAX_BYTES = 256;

class Hasher {
  h1 = 0xdeadbeef;
  h2 = 0x41c6ce57;
  budget: number;

  constructor(maxValues: number) {
    this.budget = maxValues;
  }

  code(c: number): void {
    this.h1 = Math.imul(this.h1 ^ c, 2654435761);
    this.h2 = Math.imul(this.h2 ^ c, 1597334677);
  }

  text(tag: number, s: string): void {
    this.code(tag);
    for (let i = 0; i < s.length; i++) this.code(s.charCodeAt(i));
    this.code(s.length);
  }

  /** False once the budget is spent: the caller stops and the hash is abandoned. */
  value(v: unknown): boolean {
    if (--this.budget < 0) return false;
    switch (typeof v) {
      case 'string':
        this.text(TAG_STRING, v);
        return true;
      case 'number':
      case 'bigint':
        this.text(TAG_NUMBER, String(v));
        return true;
      case 'object':
        return this.object(v);
      default:
        // boolean, undefined, symbol, function: their kind and name is all that can repeat.
        this.text(TAG_OTHER, String(v));
        return true;
    }
  }

  object(v: object | null): boolean {
    if (v === null) {
      this.code(TAG_OTHER);
      return true;
    }
    if (v instanceof Date) {
      this.text(TAG_NUMBER, String(v.getTime()));
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
        this.text(TAG_KEY, key);
        if (!this.value((v as Record<string, unknown>)[key])) return false;
      }
    }
    this.code(TAG_CLOSE);
    return true;
  }

  digest(): string {
    let { h1, h2 } = this;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
  }
}

/** 16 hex digits over `values` in order, or undefined when they hold more than `maxValues` scalars. */
export function hashValues(values: readonly unknown[], maxValues = 2_000): string | undefined {
  const hasher = new Hasher(maxValues);
  for (const value of values) if (!hasher.value(value)) return undefined;
  return hasher.digest();
}
