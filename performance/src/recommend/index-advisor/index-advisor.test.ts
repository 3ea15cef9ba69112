import { describe, expect, it } from 'vitest';
import type { DbStatement } from '../../query/db-statements.js';
import { adviseIndexes, pickStatements } from './index-advisor.js';

const statement = (text: string, calls: number, meanMs: number, system: string | null = 'postgresql'): DbStatement => ({
  statement: text,
  system,
  operation: text.split(' ')[0]!.toUpperCase(),
  calls,
  errors: 0,
  p50Ms: meanMs,
  p95Ms: meanMs * 2,
  totalTimeMs: calls * meanMs,
  meanMs,
  meanRows: 1,
});

describe('pickStatements', () => {
  it('reaches a table scan behind many cheap statements that load pushed past the mean bar', async () => {
    // What the end-to-end proof's naive shop showed: an N+1's primary-key reads, thousands of calls at ~21 ms
    // (a saturated pool and a busy event loop), lead by total time; the orders scan (52 calls, 58 ms) came 6th.
    const cheap = Array.from({ length: 8 }, (_, i) => statement(`select * from t${i} where id = $1`, 5_000 - i, 21));
    const scan = statement('select * from orders o where o.user_id = $1 order by o.created_at desc', 52, 58);
    const prepared: string[] = [];
    const client = {
      query: async (text: string) => {
        if (text.startsWith('PREPARE ')) prepared.push(text.replace(/^PREPARE \w+ AS /, ''));
        return { rows: [] }; // no plan: nothing to advise, but every picked statement was prepared
      },
      end: async () => {},
    };
    await adviseIndexes('shop', [...cheap, scan], {
      databases: { shop: 'postgres://x/shop' },
      connect: async () => client,
    });
    expect(prepared).toHaveLength(9);
    expect(prepared.at(-1)).toBe(scan.statement);
  });

  it('keeps the mean bar, the PostgreSQL filter and the cap, and reports what cannot be explained', () => {
    const { picked, skipped } = pickStatements(
      [
        statement('select 1 from a where id = $1', 9_000, 3),
        statement('GET', 9_000, 50, 'redis'),
        statement('insert into b (x) values ($1)', 100, 80),
        statement('select * from c where x = ?', 100, 40),
        statement('select * from d where y = $1', 100, 30),
        statement('select * from e where z = $1', 100, 25),
      ],
      { maxStatements: 2, minMeanMs: 20 },
    );
    expect(picked.map((p) => [p.statement, p.check.sql])).toEqual([
      ['select * from c where x = ?', 'select * from c where x = $1'],
      ['select * from d where y = $1', 'select * from d where y = $1'],
    ]);
    expect(skipped).toEqual([
      { statement: 'insert into b (x) values ($1)', reason: 'only SELECT, UPDATE and DELETE are explained' },
    ]);
  });
});
