import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteRedisPrefix, redisAvailable, redisTestPrefix, TEST_REDIS_URL } from '../testing/real-services.js';
import { type CacheHandle, createCache } from './create-cache.js';

const available = await redisAvailable();

/** Polls until `check` passes; pub/sub delivery is asynchronous. */
async function eventually(check: () => Promise<boolean> | boolean, timeoutMillis = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

describe.skipIf(!available)('two-tier cache on the real Redis', () => {
  const prefix = redisTestPrefix();
  let a: CacheHandle;
  let b: CacheHandle;
  let redis: Redis;

  beforeAll(async () => {
    a = await createCache({ enabled: true, redisUrl: TEST_REDIS_URL, keyPrefix: prefix });
    b = await createCache({ enabled: true, redisUrl: TEST_REDIS_URL, keyPrefix: prefix });
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    redis?.disconnect();
    if (available) await deleteRedisPrefix(prefix);
  });

  it('stores entries in Redis with their TTL, under the prefix, and shares them between processes', async () => {
    expect(
      await a.cache.getOrLoad('product:1', async () => ({ name: 'Lamp' }), { ttlMillis: 30_000, tags: ['catalog'] }),
    ).toEqual({
      name: 'Lamp',
    });
    const ttl = await redis.pttl(`${prefix}c:product:1`);
    expect(ttl).toBeGreaterThan(25_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
    expect(await redis.smembers(`${prefix}t:catalog`)).toEqual(['product:1']);
    expect(await redis.pttl(`${prefix}t:catalog`)).toBeGreaterThan(25_000);
    let loaded = false;
    const fromB = await b.cache.getOrLoad(
      'product:1',
      async () => {
        loaded = true;
        return { name: 'other' };
      },
      { ttlMillis: 30_000 },
    );
    expect(fromB).toEqual({ name: 'Lamp' });
    expect(loaded).toBe(false);
    expect(b.cache.stats().redisHits).toBe(1);
  });

  it('a tag invalidation in one process empties the other process’s memory tier too', async () => {
    await a.cache.getOrLoad('list:x', async () => 'v1', { ttlMillis: 30_000, tags: ['catalog'] });
    await b.cache.getOrLoad('list:x', async () => 'v1', { ttlMillis: 30_000, tags: ['catalog'] });
    const hitsBefore = b.cache.stats().memoryHits;
    expect(await b.cache.getOrLoad('list:x', async () => 'never', { ttlMillis: 30_000 })).toBe('v1');
    expect(b.cache.stats().memoryHits).toBe(hitsBefore + 1);

    await a.cache.invalidateTags(['catalog']);
    expect(await redis.exists(`${prefix}c:list:x`, `${prefix}c:product:1`, `${prefix}t:catalog`)).toBe(0);
    await eventually(async () => (await b.cache.getOrLoad('list:x', async () => 'v2', { ttlMillis: 30_000 })) === 'v2');
  });

  it('the tag set outlives its longest-lived member (PEXPIRE NX then GT)', async () => {
    await a.cache.getOrLoad('long', async () => 1, { ttlMillis: 60_000, tags: ['mixed'] });
    await a.cache.getOrLoad('short', async () => 2, { ttlMillis: 5_000, tags: ['mixed'] });
    expect(await redis.pttl(`${prefix}t:mixed`)).toBeGreaterThan(55_000);
  });
});
