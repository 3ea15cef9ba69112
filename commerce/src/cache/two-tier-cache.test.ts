import { describe, expect, it } from 'vitest';
import type { CacheEntry } from './cache-entry.js';
import type { InvalidationMessage, RedisTier } from './redis-tier.js';
import { TwoTierCache } from './two-tier-cache.js';

function clock(startMs = 1_000_000) {
  const c = { now: startMs, nowMs: () => c.now };
  return c;
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const ttl = { ttlMillis: 60_000 };

/** Lets queued microtasks and promise chains run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('TwoTierCache (memory tier)', () => {
  it('loads on a miss and serves the stored value until the TTL ends', async () => {
    const time = clock();
    const cache = new TwoTierCache({ nowMs: time.nowMs, earlyRefreshFraction: 0 });
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.getOrLoad('k', load, ttl)).toBe(1);
    time.now += 59_999;
    expect(await cache.getOrLoad('k', load, ttl)).toBe(1);
    time.now += 1;
    expect(await cache.getOrLoad('k', load, ttl)).toBe(2);
    expect(cache.stats()).toMatchObject({ memoryHits: 1, misses: 2, loads: 2 });
  });

  it('single flight: concurrent misses of one key share one load', async () => {
    const cache = new TwoTierCache({ nowMs: clock().nowMs });
    const gate = deferred<string>();
    let loads = 0;
    const load = () => {
      loads++;
      return gate.promise;
    };
    const callers = Array.from({ length: 10 }, () => cache.getOrLoad('k', load, ttl));
    gate.resolve('v');
    expect(await Promise.all(callers)).toEqual(Array(10).fill('v'));
    expect(loads).toBe(1);
    expect(cache.stats()).toMatchObject({ misses: 10, loads: 1 });
  });

  it('a failed load reaches every waiting caller, is not stored, and the next call retries', async () => {
    const cache = new TwoTierCache({ nowMs: clock().nowMs });
    const boom = () => Promise.reject(new Error('db down'));
    await expect(Promise.all([cache.getOrLoad('k', boom, ttl), cache.getOrLoad('k', boom, ttl)])).rejects.toThrow(
      'db down',
    );
    expect(await cache.getOrLoad('k', async () => 'ok', ttl)).toBe('ok');
  });

  it('early refresh: a hit in the last 20% of the TTL serves the old value and reloads once in the background', async () => {
    const time = clock();
    const cache = new TwoTierCache({ nowMs: time.nowMs, earlyRefreshFraction: 0.2 });
    let version = 0;
    const gate = deferred<void>();
    const load = async () => {
      version++;
      if (version > 1) await gate.promise;
      return `v${version}`;
    };
    expect(await cache.getOrLoad('k', load, ttl)).toBe('v1');
    time.now += 47_999; // refresh point is at 48,000 ms
    expect(await cache.getOrLoad('k', load, ttl)).toBe('v1');
    expect(cache.stats().earlyRefreshes).toBe(0);
    time.now += 1;
    expect(await cache.getOrLoad('k', load, ttl)).toBe('v1');
    expect(await cache.getOrLoad('k', load, ttl)).toBe('v1');
    expect(cache.stats()).toMatchObject({ earlyRefreshes: 1, loads: 2 });
    gate.resolve();
    await settle();
    expect(await cache.getOrLoad('k', load, ttl)).toBe('v2');
    time.now += 20_000; // old entry would have expired at 60,000; the refreshed one lives until 108,000
    expect(await cache.getOrLoad('k', load, ttl)).toBe('v2');
    expect(cache.stats().loads).toBe(2);
  });

  it('invalidates single keys and whole tags', async () => {
    const cache = new TwoTierCache({ nowMs: clock().nowMs });
    let n = 0;
    const load = async () => ++n;
    await cache.getOrLoad('product:1', load, { ...ttl, tags: ['catalog'] });
    await cache.getOrLoad('list:a', load, { ...ttl, tags: ['catalog', 'lists'] });
    await cache.getOrLoad('other', load, ttl);
    await cache.invalidate(['product:1']);
    expect(await cache.getOrLoad('product:1', load, ttl)).toBe(4);
    await cache.invalidateTags(['lists']);
    expect(await cache.getOrLoad('list:a', load, ttl)).toBe(5);
    expect(await cache.getOrLoad('other', load, ttl)).toBe(3);
  });

  it('does not store a value whose load overlapped an invalidation (it may predate the write)', async () => {
    const cache = new TwoTierCache({ nowMs: clock().nowMs });
    const gate = deferred<string>();
    const started = deferred<void>();
    const slow = cache.getOrLoad(
      'k',
      () => {
        started.resolve();
        return gate.promise;
      },
      ttl,
    );
    await started.promise;
    await cache.invalidate(['k']);
    gate.resolve('stale');
    expect(await slow).toBe('stale');
    expect(await cache.getOrLoad('k', async () => 'fresh', ttl)).toBe('fresh');
  });

  it('evicts the least recently used entry past maxEntries and forgets its tags', async () => {
    const cache = new TwoTierCache({ nowMs: clock().nowMs, maxEntries: 2 });
    let n = 0;
    const load = async () => ++n;
    await cache.getOrLoad('a', load, { ...ttl, tags: ['t'] });
    await cache.getOrLoad('b', load, ttl);
    await cache.getOrLoad('a', load, ttl);
    await cache.getOrLoad('c', load, ttl); // evicts b
    expect(await cache.getOrLoad('a', load, ttl)).toBe(1);
    expect(await cache.getOrLoad('b', load, ttl)).toBe(4);
    expect(cache.stats().loads).toBe(4);
  });
});

/** In-memory stand-in with RedisTier's surface, optionally failing every call. */
function fakeRedis({ failing = false } = {}) {
  const store = new Map<string, CacheEntry>();
  const published: InvalidationMessage[] = [];
  const check = () => {
    if (failing) throw new Error('redis down');
  };
  const tier = {
    get: async (key: string) => {
      check();
      return store.get(key);
    },
    set: async (key: string, entry: CacheEntry) => {
      check();
      store.set(key, entry);
    },
    delete: async (keys: readonly string[]) => {
      check();
      for (const key of keys) store.delete(key);
      return [...keys];
    },
    publish: async (message: InvalidationMessage) => {
      check();
      published.push(message);
    },
    subscribe: async () => {},
  };
  return { tier: tier as unknown as RedisTier, store, published };
}

describe('TwoTierCache with a shared tier', () => {
  it('serves another process’s stored entry from the shared tier without loading', async () => {
    const time = clock();
    const redis = fakeRedis();
    const a = new TwoTierCache({ nowMs: time.nowMs, redis: redis.tier });
    const b = new TwoTierCache({ nowMs: time.nowMs, redis: redis.tier });
    await a.getOrLoad('k', async () => 'from-a', ttl);
    expect(await b.getOrLoad('k', async () => 'from-b', ttl)).toBe('from-a');
    expect(b.stats()).toMatchObject({ redisHits: 1, loads: 0 });
    await a.invalidate(['k']);
    expect(redis.store.has('k')).toBe(false);
    expect(redis.published).toEqual([{ keys: ['k'], tags: [] }]);
  });

  it('refreshes early from a shared-tier hit too: serves it, and reloads once in the background', async () => {
    const time = clock();
    const redis = fakeRedis();
    const a = new TwoTierCache({ nowMs: time.nowMs, redis: redis.tier, earlyRefreshFraction: 0.2 });
    const b = new TwoTierCache({ nowMs: time.nowMs, redis: redis.tier, earlyRefreshFraction: 0.2 });
    await a.getOrLoad('k', async () => 'old', ttl);
    time.now += 50_000;
    let loads = 0;
    const load = async () => {
      loads++;
      return 'new';
    };
    expect(await Promise.all([b.getOrLoad('k', load, ttl), b.getOrLoad('k', load, ttl)])).toEqual(['old', 'old']);
    await settle();
    expect(loads).toBe(1);
    expect(b.stats()).toMatchObject({ redisHits: 1, earlyRefreshes: 1 });
    expect(await b.getOrLoad('k', load, ttl)).toBe('new');
    expect(redis.store.get('k')?.value).toBe('new');
  });

  it('keeps working on the memory tier when the shared tier fails, counting the errors', async () => {
    const errors: unknown[] = [];
    const cache = new TwoTierCache({
      nowMs: clock().nowMs,
      redis: fakeRedis({ failing: true }).tier,
      onError: (e) => errors.push(e),
    });
    expect(await cache.getOrLoad('k', async () => 'v', ttl)).toBe('v');
    expect(await cache.getOrLoad('k', async () => 'other', ttl)).toBe('v');
    expect(cache.stats().redisErrors).toBe(2);
    expect(errors).toHaveLength(2);
  });
});
