import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbStatement } from '../../query/db-statements.js';
import { missingIndex } from '../detectors/missing-index.js';
import { postgresWithHypopg, TEST_POSTGRES_URL } from '../testing/postgres.js';
import { analysisInput } from '../testing/trace-builder.js';
import { adviseIndexes, connectPg } from './index-advisor.js';

const ready = await postgresWithHypopg();

const statement = (text: string, meanMs = 80): DbStatement => ({
  statement: text,
  system: 'postgresql',
  operation: text.split(' ')[0]!.toUpperCase(),
  calls: 600,
  errors: 0,
  p50Ms: meanMs,
  p95Ms: meanMs * 2,
  totalTimeMs: 600 * meanMs,
  meanMs,
  meanRows: 10,
});

describe.skipIf(!ready)('index advisor on the real PostgreSQL with hypopg', () => {
  const schema = `stride_advisor_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  const byUser = `select id, total from ${schema}.orders where user_id = $1 order by created_at desc`;
  const databases = { shop: TEST_POSTGRES_URL };

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.query(
      `CREATE TABLE ${schema}.orders (id bigserial PRIMARY KEY, user_id int NOT NULL, status text NOT NULL,
         total numeric NOT NULL, created_at timestamptz NOT NULL)`,
    );
    // 200,000 orders of 20,000 users: ~10 per user, so `user_id = $1` is very selective.
    await admin.query(
      `INSERT INTO ${schema}.orders (user_id, status, total, created_at)
       SELECT i % 20000, 'paid', (i % 997) / 10.0, timestamptz '2025-01-01' + i * interval '1 minute'
         FROM generate_series(1, 200000) AS i`,
    );
    await admin.query(`ANALYZE ${schema}.orders`);
  });

  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it('turns WHERE user_id = $1 ORDER BY created_at DESC into (user_id, created_at) with a big cost drop', async () => {
    const { advice, skipped } = await adviseIndexes('shop', [statement(byUser)], { databases, connect: connectPg });
    expect(skipped).toEqual([]);
    const [a] = advice;
    expect(a!.hypopg).toBe(true);
    const [c, ...rest] = a!.candidates;
    expect(rest).toEqual([]);
    expect(c!.createIndex).toBe(`CREATE INDEX orders_user_id_created_at_idx ON ${schema}.orders (user_id, created_at)`);
    expect(c!.tableRows).toBe(200_000);
    expect(c!.usedByPlanner).toBe(true);
    // A seq scan over 200k rows costs thousands; an index scan for ~10 rows costs tens.
    expect(a!.costBefore).toBeGreaterThan(2_000);
    expect(c!.costAfter!).toBeLessThan(a!.costBefore / 20);

    const [f] = missingIndex.detect(
      analysisInput({ statements: [statement(byUser)], indexAdvice: advice }),
      missingIndex.defaults,
    );
    expect(f!.evidence['estimated']).toMatch(/^cost \d+(\.\d+)? → \d+(\.\d+)?$/);
    expect(f!.impact.msSavedPerRequest).toBeGreaterThan(70);
  });

  it('explains UPDATE and DELETE without running them, and skips other statements', async () => {
    const update = `update ${schema}.orders set status = ? where user_id = $1`;
    const remove = `delete from ${schema}.orders where user_id = $1`;
    const insert = `insert into ${schema}.orders (user_id, status, total, created_at) values ($1, $2, $3, $4)`;
    const { advice, skipped } = await adviseIndexes(
      'shop',
      [statement(update, 90), statement(remove, 85), statement(insert, 80)],
      { databases, connect: connectPg },
    );
    expect(advice.map((a) => a.candidates.map((c) => c.columns))).toEqual([[['user_id']], [['user_id']]]);
    expect(skipped).toEqual([{ statement: insert, reason: 'only SELECT, UPDATE and DELETE are explained' }]);
    const { rows } = await admin.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'paid')::int AS paid FROM ${schema}.orders`,
    );
    expect(rows[0]).toEqual({ n: 200_000, paid: 200_000 });
  });

  it('reports the candidate with no estimate where hypopg is not installed', async () => {
    // The same database, seen through a client on which the extension lookup finds nothing.
    const withoutHypopg = async (url: string) => {
      const client = await connectPg(url);
      return {
        query: (text: string, values?: unknown[]) =>
          text.includes('pg_extension') ? Promise.resolve({ rows: [] }) : client.query(text, values),
        end: () => client.end(),
      };
    };
    const { advice } = await adviseIndexes('shop', [statement(byUser)], { databases, connect: withoutHypopg });
    expect(advice[0]!.hypopg).toBe(false);
    expect(advice[0]!.candidates[0]).toMatchObject({ columns: ['user_id', 'created_at'], costAfter: null });
    const [f] = missingIndex.detect(
      analysisInput({ statements: [statement(byUser)], indexAdvice: advice }),
      missingIndex.defaults,
    );
    expect(f!.evidence['estimated']).toBe('not available');
  });

  it('skips a statement that cannot be prepared and keeps going', async () => {
    const broken = `select * from ${schema}.no_such_table where id = $1`;
    const { advice, skipped } = await adviseIndexes('shop', [statement(broken, 500), statement(byUser)], {
      databases,
      connect: connectPg,
    });
    expect(skipped.map((s) => s.statement)).toEqual([broken]);
    expect(skipped[0]!.reason).toContain('does not exist');
    expect(advice).toHaveLength(1);
    expect(await adviseIndexes('payments', [statement(byUser)], { databases, connect: connectPg })).toEqual({
      advice: [],
      skipped: [],
    });
  });
});
