export interface CacheLoadOptions {
  /** How long an entry may be served, from the moment it was loaded. */
  ttlMillis: number;
  /** Groups this entry can be invalidated by together, e.g. `catalog` for every product listing. */
  tags?: readonly string[];
}

export interface CacheStats {
  memoryHits: number;
  redisHits: number;
  misses: number;
  /** Loader calls; fewer than misses when concurrent misses of one key shared a load. */
  loads: number;
  /** Hits served from an entry past its refresh point while a background load replaced it. */
  earlyRefreshes: number;
  redisErrors: number;
}

/** Read-through cache used by the shop's read paths. */
export interface Cache {
  /** The cached value for `key`, or the result of `load` — called once per key however many callers miss together. */
  getOrLoad<T>(key: string, load: () => Promise<T>, options: CacheLoadOptions): Promise<T>;
  /** Removes the keys everywhere (this process, Redis, and other processes' memory tier). */
  invalidate(keys: readonly string[]): Promise<void>;
  /** Removes every entry stored with any of the tags. */
  invalidateTags(tags: readonly string[]): Promise<void>;
  stats(): CacheStats;
  close(): Promise<void>;
}

export function emptyCacheStats(): CacheStats {
  return { memoryHits: 0, redisHits: 0, misses: 0, loads: 0, earlyRefreshes: 0, redisErrors: 0 };
}

/** The naive profile's "cache": every read loads. */
export class NoCache implements Cache {
  private readonly counts = emptyCacheStats();

  getOrLoad<T>(_key: string, load: () => Promise<T>): Promise<T> {
    this.counts.misses++;
    this.counts.loads++;
    return load();
  }

  async invalidate(): Promise<void> {}
  async invalidateTags(): Promise<void> {}

  stats(): CacheStats {
    return { ...this.counts };
  }

  async close(): Promise<void> {}
}
