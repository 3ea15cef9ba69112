import { Redis } from 'ioredis';
import pg from 'pg';

/** Where tests find the machine's real services (DESIGN.md: trust auth, database `test`). */
export const TEST_POSTGRES_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

const onCi = () => process.env['CI'] === 'true' || process.env['CI'] === '1';

/**
 * Whether a test file can use a real service. Reachable → true. Unreachable with CI=true → throws, so the file
 * fails (CI provides PostgreSQL and Redis; a skip there would hide a broken setup). Unreachable elsewhere →
 * prints the reason and returns false, for `describe.skipIf`. Not part of the public API.
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
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 2000 });
    await client.connect();
    await client.end();
  });
}

export function redisAvailable(): Promise<boolean> {
  return requireService('Redis', TEST_REDIS_URL, async () => {
    const client = new Redis(TEST_REDIS_URL, {
      lazyConnect: true,
      connectTimeout: 2000,
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
