import { Redis } from 'ioredis';

export interface RedisConnectionOptions {
  /** Fails start-up when Redis does not answer within this long. */
  connectTimeoutMillis?: number;
  /** Per-command deadline; a slow Redis degrades to "cache miss" instead of slowing requests down. */
  commandTimeoutMillis?: number;
  connectionName?: string;
}

/**
 * Connects (and waits for the connection) with cache-friendly settings: no offline queue and one retry per
 * command, so while Redis is down commands fail at once and the cache falls through to PostgreSQL; ioredis keeps
 * reconnecting in the background.
 */
export async function connectRedis(
  url: string,
  {
    connectTimeoutMillis = 3_000,
    commandTimeoutMillis = 500,
    connectionName = 'stride-commerce',
  }: RedisConnectionOptions = {},
): Promise<Redis> {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: connectTimeoutMillis,
    commandTimeout: commandTimeoutMillis,
    connectionName,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  // ioredis emits 'error' on every failed reconnect; without a listener each would be an unhandled error event.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (err) {
    client.disconnect();
    throw new Error(`cannot connect to Redis at ${redactUrl(url)}: ${(err as Error).message}`, { cause: err });
  }
  return client;
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable URL>';
  }
}
