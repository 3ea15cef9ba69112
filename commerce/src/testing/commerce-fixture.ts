import pg from 'pg';
import type { Profile } from '../config/profile.js';
import { startEmbeddedPostgres } from '../db/embedded-postgres.js';
import { type RunningCommerce, type StartCommerceOptions, startCommerce } from '../start-commerce.js';
import { createTestDatabase, deleteRedisPrefix, redisTestPrefix, TEST_REDIS_URL } from './real-services.js';

export type Backend = 'postgres' | 'pglite';

/** Small enough to seed in well under a second: 100 products, 500 variants, 200 users, 1,000 orders. */
export const TEST_SEED_SCALE = 0.01;

export interface TestDatabaseHandle {
  backend: Backend;
  url: string;
  /** For assertions and setup straight in SQL. */
  sql: pg.Pool;
  close(): Promise<void>;
}

/** A fresh database: a new database on the real PostgreSQL, or a new in-memory PGlite behind its socket server. */
export async function openTestDatabase(backend: Backend): Promise<TestDatabaseHandle> {
  const db = backend === 'postgres' ? await createTestDatabase() : await startEmbeddedPostgres();
  const { url } = db;
  const sql = new pg.Pool({ connectionString: url, max: 3 });
  // Regression (CI run 3): a client still ending when DROP DATABASE … WITH (FORCE) terminates its session emits
  // FATAL 57P01; unheard, that error fails the whole run as "unhandled". Teardown errors say nothing about the test.
  sql.on('error', () => {});
  return {
    backend,
    url,
    sql,
    close: async () => {
      await sql.end();
      if ('drop' in db) await db.drop();
      else await db.close();
    },
  };
}

export interface ShopHandle {
  commerce: RunningCommerce;
  url: string;
  close(): Promise<void>;
}

/** Starts a shop of the given profile on the database, with Redis under a fresh key prefix when `redis` is set. */
export async function startTestShop(
  db: TestDatabaseHandle,
  profile: Profile,
  { redis = false, ...overrides }: { redis?: boolean } & Partial<StartCommerceOptions> = {},
): Promise<ShopHandle> {
  const prefix = redisTestPrefix();
  const commerce = await startCommerce({
    profile,
    databaseUrl: db.url,
    redisUrl: redis ? TEST_REDIS_URL : undefined,
    cacheKeyPrefix: prefix,
    seedScale: TEST_SEED_SCALE,
    agent: false,
    paymentsFaultInjection: true,
    logger: { info: () => {}, warn: () => {}, error: (m) => console.error(m) },
    ...overrides,
  });
  return {
    commerce,
    url: commerce.shopUrl,
    close: async () => {
      await commerce.close();
      if (redis) await deleteRedisPrefix(prefix);
    },
  };
}
