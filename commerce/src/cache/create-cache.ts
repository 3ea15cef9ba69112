import type { Redis } from 'ioredis';
import { type Cache, NoCache } from './cache.js';
import { connectRedis } from './redis-connection.js';
import { RedisTier } from './redis-tier.js';
import { TwoTierCache } from './two-tier-cache.js';

export interface CreateCacheOptions {
  enabled: boolean;
  /** Adds the Redis tier when set. */
  redisUrl?: string | undefined;
  keyPrefix?: string;
  maxEntries?: number;
  onError?: (err: unknown) => void;
}

export interface CacheHandle {
  cache: Cache;
  /** Closes the cache and its Redis connections. */
  close(): Promise<void>;
}

export async function createCache({
  enabled,
  redisUrl,
  keyPrefix = 'stride:commerce:',
  maxEntries,
  onError,
}: CreateCacheOptions): Promise<CacheHandle> {
  if (!enabled) {
    const cache = new NoCache();
    return { cache, close: () => cache.close() };
  }
  const connections: Redis[] = [];
  let redis: RedisTier | undefined;
  if (redisUrl) {
    const client = await connectRedis(redisUrl, { connectionName: 'stride-commerce-cache' });
    connections.push(client);
    // duplicate() keeps lazyConnect, and with the offline queue off a command would fail before connecting.
    const subscriber = client.duplicate();
    subscriber.on('error', () => {});
    connections.push(subscriber);
    await subscriber.connect();
    redis = new RedisTier({ client, subscriber, keyPrefix });
  }
  const cache = new TwoTierCache({ redis, maxEntries, onError });
  try {
    await cache.start();
  } catch (err) {
    for (const connection of connections) connection.disconnect();
    throw err;
  }
  return {
    cache,
    close: async () => {
      await cache.close();
      await Promise.all(connections.map((connection) => connection.quit().catch(() => connection.disconnect())));
    },
  };
}
