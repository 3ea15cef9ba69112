import { createHash } from 'node:crypto';
import { LruMap } from '../agent/lru-map.js';
import type { StatementAttributes } from '../instrumentation/db-client-metrics.js';
import { ValueHasher } from '../tracing/value-hash.js';
import { normalizeStatement } from './statement-normalizer.js';

/** A normalized statement with everything the hot path needs precomputed. */
export interface StatementInfo extends StatementAttributes {
  /** Fingerprint text (db.query.text), capped at MAX_TEXT_CHARS. */
  text: string;
  /** First 16 hex digits of SHA-256 over the UTF-8 fingerprint text (before capping): stride.db.fingerprint. */
  fingerprint: string;
  operation: string;
  /** Span name: `SELECT products`, or the operation alone when no table is evident. */
  spanName: string;
  /**
   * ValueHasher state after the fingerprint text and the literals the normalizer took out: each call continues from
   * here with its parameter values to make `stride.db.params_hash`, so `… id = 5` and `… id = $1 [5]` each hash the
   * same on every request (and differently from each other and from `… id = 6`).
   */
  paramsSeed1: number;
  paramsSeed2: number;
}

// Longer statements (bulk inserts with inlined values) are normalized from their first 32 KiB only and not cached:
// they are almost always one-offs, and the bound keeps one call's normalization under a millisecond.
const MAX_NORMALIZED_CHARS = 32 * 1024;
const MAX_TEXT_CHARS = 4096;

/**
 * Raw SQL text → StatementInfo, normalizing each distinct text once. Bounded LRU: at most 2,000 entries and 2 M
 * characters of SQL and fingerprint text together (~2 MB for ASCII), so an app that inlines literals into large
 * statements cannot make it hold 2,000 × 32 KiB. Example: `SELECT * FROM t WHERE id = 7` and `… id = 8` are two
 * entries with one fingerprint.
 */
export class StatementCache {
  readonly #cache: LruMap<string, StatementInfo>;

  constructor(capacity = 2000, maxChars = 2_000_000) {
    this.#cache = new LruMap(capacity, { weigh: (sql, info) => sql.length + info.text.length, maxWeight: maxChars });
  }

  get(sql: string): StatementInfo {
    const cached = this.#cache.get(sql);
    if (cached) return cached;
    const info = describeStatement(sql);
    if (sql.length <= MAX_NORMALIZED_CHARS) this.#cache.set(sql, info);
    return info;
  }
}

export function describeStatement(sql: string): StatementInfo {
  const truncated = sql.length > MAX_NORMALIZED_CHARS;
  const { text, operation, table, literals } = normalizeStatement(truncated ? sql.slice(0, MAX_NORMALIZED_CHARS) : sql);
  const full = truncated ? `${text} …` : text;
  const seed = new ValueHasher().start(undefined, undefined, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
  seed.value(full);
  for (const literal of literals) seed.value(literal);
  return {
    text: full.length > MAX_TEXT_CHARS ? `${full.slice(0, MAX_TEXT_CHARS - 2)} …` : full,
    fingerprint: createHash('sha256').update(full).digest('hex').slice(0, 16),
    operation: operation || 'QUERY',
    spanName: table ? `${operation} ${table}` : operation || 'QUERY',
    paramsSeed1: seed.h1,
    paramsSeed2: seed.h2,
  };
}
