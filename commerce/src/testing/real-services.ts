import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';

/** Where tests find the machine's real services (DESIGN.md: trust auth, database `test`). */
export const TEST_POSTGRES_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

const onCi = () => process.env['CI'] === 'true' || process.env['CI'] === '1';

/**
 * Decides whether a test file can use a real service. Reachable → true. Unreachable on CI → throws (the file
 * fails: CI promises PostgreSQL and Redis, so a skip there would hide a broken setup). Unreachable elsewhere →
 * prints why and returns false, for `describe.skipIf`.
 */
async function requireService(name: string, url: string, probe: () => Promise<void>): Promise<boolean> {
  try {
    await probe();
    return true;
  } catch (err) {
    const reason = `${name} is not reachable at ${url}: ${(err as Error).message}`;
    if (onCi()) throw new Error(`${reason} (CI=true requires it)`);
    console.warn(`skipping ${name} tests: ${reason}`);
    return false;
  }
}

export function postgresAvailable(): Promise<boolean> {
  return requireService('PostgreSQL', TEST_POSTGRES_URL, async () => {
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 2_000 });
    await client.connect();
    await client.end();
  });
}

export function redisAvailable(): Promise<boolean> {
  return requireService('Redis', TEST_REDIS_URL, async () => {
    const client = new Redis(TEST_REDIS_URL, {
      lazyConnect: true,
      connectTimeout: 2_000,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.ping();
    } finally {
      client.disconnect();
    }
  });
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh database `commerce_test_<random>` on the test server; drop() removes it (closing leftover sessions). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `commerce_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A Redis key prefix no other run shares, e.g. `commerce-test:3f9a…:`. */
export function redisTestPrefix(): string {
  return `commerce-test:${randomBytes(6).toString('hex')}:`;
}

/** Deletes every key under the prefix (SCAN, not KEYS, so a busy shared Redis is not blocked). */
export async function deleteRedisPrefix(prefix: string): Promise<void> {
  const client = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}
