import { isIdColumn, scalarKey, textKeys } from '../tracing/scalar-values.js';

/** How one read command's reply splits into hits and misses (a multi-key read counts each key). */
export interface CacheRead {
  hits: number;
  misses: number;
}

type ReadOutcome = (reply: unknown, args: readonly unknown[]) => CacheRead;

const single: ReadOutcome = (reply) => (reply === null || reply === undefined ? MISS : HIT);
const perItem: ReadOutcome = (reply) => {
  if (!Array.isArray(reply)) return MISS;
  let hits = 0;
  for (const item of reply) if (item !== null && item !== undefined) hits++;
  return { hits, misses: reply.length - hits };
};
const nonEmpty: ReadOutcome = (reply) => {
  if (reply === null || reply === undefined) return MISS;
  const size = Array.isArray(reply) ? reply.length : typeof reply === 'object' ? Object.keys(reply).length : 1;
  return size > 0 ? HIT : MISS;
};
const counted: ReadOutcome = (reply, args) => {
  const n = typeof reply === 'number' ? reply : 0;
  return { hits: n, misses: Math.max(0, args.length - n) };
};
const HIT: CacheRead = { hits: 1, misses: 0 };
const MISS: CacheRead = { hits: 0, misses: 1 };

/**
 * Redis commands that read a cache, keyed by (lower-case) command name, each with how its reply reads as hits
 * and misses. Adding a command is adding an entry. `exists a b c` → 2 means 2 hits, 1 miss.
 */
export const CACHE_READS: Readonly<Record<string, ReadOutcome>> = {
  get: single,
  getex: single,
  getdel: single,
  hget: single,
  json_get: single,
  mget: perItem,
  hmget: perItem,
  hgetall: nonEmpty,
  exists: counted,
  hexists: (reply) => (reply === 1 ? HIT : MISS),
};

/** Span-level summary: hit, miss, or partial (a multi-key read that found some keys). */
export function cacheResult({ hits, misses }: CacheRead): 'hit' | 'miss' | 'partial' {
  if (misses === 0) return 'hit';
  return hits === 0 ? 'miss' : 'partial';
}

const MAX_ITEMS = 16;
const MAX_FIELDS = 8;

/** Values a read returned, for dependency evidence: strings (or id fields in JSON text), id-like hash fields. */
export function replyKeys(reply: unknown): string[] {
  const keys: string[] = [];
  if (typeof reply === 'string') return textKeys(reply, keys);
  if (Array.isArray(reply)) {
    const n = Math.min(reply.length, MAX_ITEMS);
    for (let i = 0; i < n; i++) if (typeof reply[i] === 'string') textKeys(reply[i] as string, keys);
    return keys;
  }
  if (reply !== null && typeof reply === 'object' && !Buffer.isBuffer(reply)) {
    let fields = 0;
    for (const name in reply) {
      if (fields++ >= MAX_FIELDS * 4) break;
      if (!isIdColumn(name)) continue;
      const key = scalarKey((reply as Record<string, unknown>)[name]);
      if (key !== undefined) keys.push(key);
    }
  }
  return keys;
}
