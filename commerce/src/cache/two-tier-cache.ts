import { LRUCache } from 'lru-cache';
import type { Cache, CacheLoadOptions, CacheStats } from './cache.js';
import { type CacheEntry, createEntry, entryState } from './cache-entry.js';
import type { InvalidationMessage, RedisTier } from './redis-tier.js';

export interface TwoTierCacheOptions {
  /** Entries the in-process tier holds; the least recently used is evicted past it. */
  maxEntries?: number;
  /** Share of the TTL, at its end, during which a hit is served but also triggers one background reload. */
  earlyRefreshFraction?: number;
  /** The shared tier; without it the cache is in-process only. */
  redis?: RedisTier;
  /** Wall-clock unix ms (entries in Redis are compared across processes). */
  nowMs?: () => number;
  /** Reports Redis failures and failed background reloads; the cache itself carries on without Redis. */
  onError?: (err: unknown) => void;
}

/**
 * Read-through cache: in-process LRU in front of Redis in front of the loader.
 *
 * Stampede protection, two ways: concurrent misses of one key share one flight (Redis read plus at most one
 * load), and a hit in the last `earlyRefreshFraction` of an entry's TTL starts one background reload, so hot keys
 * are replaced before they expire instead of all callers missing at once.
 *
 * Invalidation deletes from both tiers and publishes the keys/tags so other processes drop their memory copies.
 * A load that was running while an invalidation happened returns its value to its callers but does not store
 * it, since it may predate the write.
 */
export class TwoTierCache implements Cache {
  private readonly memory: LRUCache<string, CacheEntry>;
  private readonly redis: RedisTier | undefined;
  private readonly earlyRefreshFraction: number;
  private readonly nowMs: () => number;
  private readonly onError: (err: unknown) => void;
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly refreshing = new Set<string>();
  /** tag → keys in the memory tier stored with it. */
  private readonly tagIndex = new Map<string, Set<string>>();
  /** Bumped by every invalidation; a load compares it before and after to know whether it may store. */
  private invalidations = 0;
  private readonly counts: CacheStats = {
    memoryHits: 0,
    redisHits: 0,
    misses: 0,
    loads: 0,
    earlyRefreshes: 0,
    redisErrors: 0,
  };

  constructor({
    maxEntries = 10_000,
    earlyRefreshFraction = 0.2,
    redis,
    nowMs = Date.now,
    onError = () => {},
  }: TwoTierCacheOptions = {}) {
    if (!(earlyRefreshFraction >= 0 && earlyRefreshFraction < 1)) {
      throw new RangeError(`earlyRefreshFraction must be in [0, 1), got ${earlyRefreshFraction}`);
    }
    this.memory = new LRUCache<string, CacheEntry>({
      max: maxEntries,
      dispose: (entry, key) => this.unindex(key, entry),
    });
    this.redis = redis;
    this.earlyRefreshFraction = earlyRefreshFraction;
    this.nowMs = nowMs;
    this.onError = onError;
  }

  /** Starts receiving other processes' invalidations (when a Redis tier with a subscriber is configured). */
  async start(): Promise<void> {
    await this.redis?.subscribe((message) => this.dropLocal(message));
  }

  async getOrLoad<T>(key: string, load: () => Promise<T>, options: CacheLoadOptions): Promise<T> {
    const cached = this.memory.get(key);
    if (cached) {
      const state = entryState(cached, this.nowMs());
      if (state !== 'expired') {
        this.counts.memoryHits++;
        if (state === 'refresh') this.refreshInBackground(key, load, options);
        return cached.value as T;
      }
      this.memory.delete(key);
    }
    this.counts.misses++;
    const pending = this.inFlight.get(key);
    if (pending) return pending as Promise<T>;
    const flight = this.readThrough(key, load, options).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, flight);
    return flight;
  }

  async invalidate(keys: readonly string[]): Promise<void> {
    await this.invalidateEverywhere({ keys: [...keys], tags: [] });
  }

  async invalidateTags(tags: readonly string[]): Promise<void> {
    await this.invalidateEverywhere({ keys: [], tags: [...tags] });
  }

  stats(): CacheStats {
    return { ...this.counts };
  }

  async close(): Promise<void> {
    this.memory.clear();
  }

  private async readThrough<T>(key: string, load: () => Promise<T>, options: CacheLoadOptions): Promise<T> {
    const invalidationsBefore = this.invalidations;
    const remote = await this.remote(() => this.redis?.get(key));
    if (remote) {
      const state = entryState(remote, this.nowMs());
      if (state !== 'expired') {
        this.counts.redisHits++;
        this.remember(key, remote);
        if (state === 'refresh') this.refreshInBackground(key, load, options);
        return remote.value as T;
      }
    }
    return this.loadAndStore(key, load, options, invalidationsBefore);
  }

  private refreshInBackground<T>(key: string, load: () => Promise<T>, options: CacheLoadOptions): void {
    if (this.refreshing.has(key)) return;
    this.refreshing.add(key);
    this.counts.earlyRefreshes++;
    this.loadAndStore(key, load, options, this.invalidations)
      .catch(this.onError)
      .finally(() => this.refreshing.delete(key));
  }

  private async loadAndStore<T>(
    key: string,
    load: () => Promise<T>,
    { ttlMillis, tags = [] }: CacheLoadOptions,
    invalidationsBefore: number,
  ) {
    this.counts.loads++;
    const value = await load();
    if (this.invalidations !== invalidationsBefore) return value;
    const entry = createEntry(value, {
      nowMs: this.nowMs(),
      ttlMillis,
      earlyRefreshFraction: this.earlyRefreshFraction,
      tags,
    });
    this.remember(key, entry);
    await this.remote(() => this.redis?.set(key, entry, ttlMillis));
    return value;
  }

  private remember(key: string, entry: CacheEntry): void {
    const ttl = entry.expiresAtMs - this.nowMs();
    if (ttl <= 0) return;
    this.memory.set(key, entry, { ttl });
    for (const tag of entry.tags) {
      const keys = this.tagIndex.get(tag);
      if (keys) keys.add(key);
      else this.tagIndex.set(tag, new Set([key]));
    }
  }

  private unindex(key: string, entry: CacheEntry): void {
    for (const tag of entry.tags) {
      const keys = this.tagIndex.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.tagIndex.delete(tag);
    }
  }

  private async invalidateEverywhere(message: InvalidationMessage): Promise<void> {
    this.dropLocal(message);
    const deleted = await this.remote(() => this.redis?.delete(message.keys, message.tags));
    await this.remote(() => this.redis?.publish({ keys: deleted ?? message.keys, tags: message.tags }));
  }

  private dropLocal({ keys, tags }: InvalidationMessage): void {
    this.invalidations++;
    for (const key of keys) this.memory.delete(key);
    for (const tag of tags) {
      for (const key of [...(this.tagIndex.get(tag) ?? [])]) this.memory.delete(key);
      this.tagIndex.delete(tag);
    }
  }

  /** Runs a Redis operation; a failure is counted and reported, and the cache behaves as if Redis were absent. */
  private async remote<R>(operation: () => Promise<R> | undefined): Promise<R | undefined> {
    try {
      return await operation();
    } catch (err) {
      this.counts.redisErrors++;
      this.onError(err);
      return undefined;
    }
  }
}
