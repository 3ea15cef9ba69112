/**
 * What both tiers store for a key. Times are wall-clock unix ms because Redis entries are shared between
 * processes. Worked example, ttlMillis 60,000 and earlyRefreshFraction 0.2, loaded at t = 1,000,000:
 * refreshAtMs = 1,048,000 (80% of the TTL), expiresAtMs = 1,060,000. A read at 1,050,000 serves the value and
 * starts one background reload; a read at 1,060,000 or later is a miss.
 */
export interface CacheEntry<T = unknown> {
  value: T;
  refreshAtMs: number;
  expiresAtMs: number;
  tags: readonly string[];
}

export function createEntry<T>(
  value: T,
  {
    nowMs,
    ttlMillis,
    earlyRefreshFraction,
    tags,
  }: { nowMs: number; ttlMillis: number; earlyRefreshFraction: number; tags: readonly string[] },
): CacheEntry<T> {
  return {
    value,
    refreshAtMs: nowMs + Math.round(ttlMillis * (1 - earlyRefreshFraction)),
    expiresAtMs: nowMs + ttlMillis,
    tags,
  };
}

export type EntryState = 'fresh' | 'refresh' | 'expired';

export function entryState(entry: CacheEntry, nowMs: number): EntryState {
  if (nowMs >= entry.expiresAtMs) return 'expired';
  return nowMs >= entry.refreshAtMs ? 'refresh' : 'fresh';
}

/** Parses a Redis value back into an entry; anything malformed counts as absent. */
export function parseEntry(text: string | null): CacheEntry | undefined {
  if (text === null) return undefined;
  try {
    const parsed = JSON.parse(text) as Partial<CacheEntry>;
    if (typeof parsed.expiresAtMs !== 'number' || typeof parsed.refreshAtMs !== 'number' || !('value' in parsed)) {
      return undefined;
    }
    return {
      value: parsed.value,
      refreshAtMs: parsed.refreshAtMs,
      expiresAtMs: parsed.expiresAtMs,
      tags: parsed.tags ?? [],
    };
  } catch {
    return undefined;
  }
}
