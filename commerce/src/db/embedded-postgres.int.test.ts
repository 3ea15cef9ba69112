import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres.js';

describe('embedded PostgreSQL (PGlite over the wire protocol)', () => {
  let embedded: EmbeddedPostgres;
  let pool: pg.Pool;

  beforeAll(async () => {
    embedded = await startEmbeddedPostgres();
    pool = new pg.Pool({ connectionString: embedded.url, max: 12 });
    await pool.query('CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)');
    await pool.query('INSERT INTO counter SELECT g, 0 FROM generate_series(1, 50) g');
  });
  afterAll(async () => {
    await pool?.end();
    await embedded?.close();
  });

  // Regression (electric-sql/pglite#1046): pglite-socket's own queue interleaved the Parse/Bind/Execute messages of
  // concurrent pooled connections ("portal "" cannot be run", wrong rows) and stalled for good after one error.
  it('keeps concurrent parameterized queries from many pooled connections apart', async () => {
    const results = await Promise.all(
      Array.from({ length: 600 }, async (_, i) => {
        const id = (i % 50) + 1;
        const { rows } = await pool.query<{ id: number; tag: string }>(
          'SELECT id, $2::text AS tag FROM counter WHERE id = $1',
          [id, `t${i}`],
        );
        return rows[0]?.id === id && rows[0]?.tag === `t${i}`;
      }),
    );
    expect(results.every(Boolean)).toBe(true);
  });

  it('isolates concurrent transactions (no lost updates) and survives failing statements', async () => {
    const increments = Array.from({ length: 60 }, async () => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const { rows } = await client.query<{ n: number }>('SELECT n FROM counter WHERE id = 1');
        await new Promise((resolve) => setImmediate(resolve));
        await client.query('UPDATE counter SET n = $1 WHERE id = 1', [(rows[0]?.n ?? 0) + 1]);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    });
    const failures = Array.from({ length: 20 }, (_, i) =>
      pool.query('SELECT 1 / 0 WHERE $1::int >= 0', [i]).then(
        () => 'ok',
        () => 'failed',
      ),
    );
    const [, outcomes] = await Promise.all([Promise.all(increments), Promise.all(failures)]);
    expect(outcomes.every((o) => o === 'failed')).toBe(true);
    const { rows } = await pool.query<{ n: number }>('SELECT n FROM counter WHERE id = 1');
    expect(rows[0]?.n).toBe(60);
  });

  it('rolls back the open transaction of a connection that disappears', async () => {
    const client = new pg.Client({ connectionString: embedded.url });
    await client.connect();
    await client.query('BEGIN');
    await client.query('UPDATE counter SET n = 999 WHERE id = 2');
    const socket = (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream;
    client.on('error', () => {});
    socket.destroy();
    const { rows } = await pool.query<{ n: number }>('SELECT n FROM counter WHERE id = 2');
    expect(rows[0]?.n).toBe(0);
  });
});
