import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILE_SETTINGS } from '../config/profile.js';
import { migrate } from '../db/migrate.js';
import { applyProfileIndexes } from '../db/profile-indexes.js';
import { type Backend, openTestDatabase, type TestDatabaseHandle } from '../testing/commerce-fixture.js';
import { postgresAvailable } from '../testing/real-services.js';
import { clearData, isSeeded, seedDatabase, seedSizes } from './seed.js';

const backends: Backend[] = (await postgresAvailable()) ? ['postgres', 'pglite'] : ['pglite'];
const SCALE = 0.003;
const TABLES = [
  'categories',
  'products',
  'product_variants',
  'product_images',
  'inventory',
  'promotions',
  'users',
  'orders',
  'order_items',
  'order_status_log',
];

/** md5 over every row of every seeded table, in primary-key order, timestamps in UTC. */
async function checksums(pool: pg.Pool): Promise<Record<string, string>> {
  const client = await pool.connect();
  try {
    await client.query("SET TimeZone = 'UTC'");
    const out: Record<string, string> = {};
    for (const table of TABLES) {
      const { rows } = await client.query<{ sum: string }>(
        `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS sum FROM ${table} t`,
      );
      out[table] = rows[0]?.sum ?? '';
    }
    return out;
  } finally {
    client.release();
  }
}

describe('migrations and seed data', () => {
  const dbs = new Map<Backend, TestDatabaseHandle>();

  beforeAll(async () => {
    for (const backend of backends) {
      const db = await openTestDatabase(backend);
      dbs.set(backend, db);
      expect(await migrate(db.sql)).toEqual(['001_catalog', '002_pricing_inventory', '003_users_carts_orders']);
    }
  });
  afterAll(async () => {
    for (const db of dbs.values()) await db.close();
  });

  it.each(backends)('migrating again on %s applies nothing', async (backend) => {
    expect(await migrate(dbs.get(backend)!.sql)).toEqual([]);
  });

  it.each(backends)('the orders-by-user index exists in the optimized profile only (%s)', async (backend) => {
    const { sql } = dbs.get(backend)!;
    const present = async () =>
      (await sql.query("SELECT 1 FROM pg_indexes WHERE tablename = 'orders' AND indexname = 'orders_user_created_idx'"))
        .rowCount === 1;
    await applyProfileIndexes(sql, PROFILE_SETTINGS.naive);
    expect(await present()).toBe(false);
    await applyProfileIndexes(sql, PROFILE_SETTINGS.optimized);
    expect(await present()).toBe(true);
    const indexed = await sql.query(
      "SELECT indexdef FROM pg_indexes WHERE tablename = 'orders' AND indexdef ILIKE '%user_id%'",
    );
    expect(indexed.rows).toHaveLength(1);
    await applyProfileIndexes(sql, PROFILE_SETTINGS.naive);
    expect(await present()).toBe(false);
  });

  it.each(backends)('seeds the requested counts on %s and continues ids after them', async (backend) => {
    const { sql } = dbs.get(backend)!;
    expect(await isSeeded(sql)).toBe(false);
    const { counts } = await seedDatabase(sql, { scale: SCALE });
    const sizes = seedSizes(SCALE);
    expect(counts).toMatchObject({
      products: sizes.products,
      variants: sizes.variants,
      users: sizes.users,
      orders: sizes.orders,
    });
    for (const [table, expected] of [
      ['products', sizes.products],
      ['product_variants', sizes.variants],
      ['orders', sizes.orders],
    ] as const) {
      const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      expect(rows[0]?.n).toBe(expected);
    }
    expect(await isSeeded(sql)).toBe(true);
    const next = await sql.query<{ id: string }>(
      "INSERT INTO orders (user_id, status, subtotal_cents, total_cents) VALUES (1, 'placed', 0, 0) RETURNING id",
    );
    expect(Number(next.rows[0]?.id)).toBe(sizes.orders + 1);
    await sql.query('DELETE FROM orders WHERE id = $1', [next.rows[0]?.id]);
  });

  it.each(backends)(
    'leaves no dangling references on %s (foreign-key triggers are skipped while seeding)',
    async (backend) => {
      const { sql } = dbs.get(backend)!;
      const { rows } = await sql.query<{ fk: string; table: string }>(
        `SELECT conname AS fk, conrelid::regclass::text AS table FROM pg_constraint WHERE contype = 'f' ORDER BY conname`,
      );
      expect(rows.length).toBeGreaterThanOrEqual(10);
      for (const { fk, table } of rows) {
        const def = await sql.query<{ def: string }>(
          'SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = $1',
          [fk],
        );
        const match = /FOREIGN KEY \((\w+)\) REFERENCES (\w+)\((\w+)\)/.exec(def.rows[0]?.def ?? '');
        expect(match, fk).not.toBeNull();
        const [, column, parent, parentColumn] = match as RegExpExecArray;
        const dangling = await sql.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ${table} c WHERE c.${column} IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM ${parent} p WHERE p.${parentColumn} = c.${column})`,
        );
        expect({ fk, dangling: dangling.rows[0]?.n }).toEqual({ fk, dangling: 0 });
      }
    },
  );

  it('is deterministic: the same seed gives byte-identical rows, on every engine and on a rerun', async () => {
    const sums = await Promise.all([...dbs.values()].map((db) => checksums(db.sql)));
    for (const other of sums.slice(1)) expect(other).toEqual(sums[0]);
    const db = dbs.get('pglite')!;
    await clearData(db.sql);
    expect(await isSeeded(db.sql)).toBe(false);
    await seedDatabase(db.sql, { scale: SCALE });
    expect(await checksums(db.sql)).toEqual(sums[0]);
    await clearData(db.sql);
    await seedDatabase(db.sql, { scale: SCALE, seed: 7 });
    expect((await checksums(db.sql)).products).not.toBe(sums[0]?.products);
  });
});
