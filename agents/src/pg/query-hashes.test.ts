import { describe, expect, it } from 'vitest';
import { ValueHasher } from '../tracing/value-hash.js';
import { paramsHash, resultHash } from './query-hashes.js';
import { describeStatement } from './statement-cache.js';

const hasher = new ValueHasher();
const params = (sql: string, values?: unknown[]) => paramsHash(hasher, describeStatement(sql), values);

describe('paramsHash', () => {
  it('is the same for one statement and values on every call, whatever the spacing or comments', () => {
    const a = params('SELECT * FROM products WHERE id = $1', [5]);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(params('SELECT *  FROM products\n WHERE id = $1 -- by id', [5])).toBe(a);
    expect(params('SELECT * FROM products WHERE id = $1', [6])).not.toBe(a);
    expect(params('SELECT * FROM products WHERE id = $1', ['5'])).not.toBe(a);
  });

  it('hashes the literals the fingerprint took out, so inlined values tell calls apart too', () => {
    const five = params('SELECT * FROM products WHERE id = 5');
    expect(params('SELECT * FROM products WHERE id =  5')).toBe(five);
    expect(params('SELECT * FROM products WHERE id = 6')).not.toBe(five);
    expect(params('SELECT * FROM products WHERE id IN (1, 2)')).not.toBe(
      params('SELECT * FROM products WHERE id IN (1, 3)'),
    );
    // same fingerprint (`id = ?` vs `id = $1`) is not claimed: the inlined and the bound form differ
    expect(params('SELECT * FROM products WHERE id = $1', [5])).not.toBe(five);
  });

  it('gives up on parameters past its budget', () => {
    expect(params('INSERT INTO t (doc) VALUES ($1)', ['x'.repeat(70_000)])).toBeUndefined();
  });
});

describe('resultHash', () => {
  const result = (rows: unknown[], names = ['id', 'price']) => ({ rows, fields: names.map((name) => ({ name })) });

  it('matches equal rows and differs when a value, a column name or the row order changes', () => {
    const base = resultHash(
      hasher,
      result([
        { id: 1, price: '9.90' },
        { id: 2, price: '4.50' },
      ]),
    );
    expect(base).toMatch(/^[0-9a-f]{16}$/);
    expect(
      resultHash(
        hasher,
        result([
          { id: 1, price: '9.90' },
          { id: 2, price: '4.50' },
        ]),
      ),
    ).toBe(base);
    expect(
      resultHash(
        hasher,
        result([
          { id: 1, price: '9.90' },
          { id: 2, price: '4.60' },
        ]),
      ),
    ).not.toBe(base);
    expect(
      resultHash(
        hasher,
        result([
          { id: 2, price: '4.50' },
          { id: 1, price: '9.90' },
        ]),
      ),
    ).not.toBe(base);
    expect(
      resultHash(
        hasher,
        result(
          [
            { id: 1, cost: '9.90' },
            { id: 2, cost: '4.50' },
          ],
          ['id', 'cost'],
        ),
      ),
    ).not.toBe(base);
    expect(resultHash(hasher, result([[1, '9.90']]))).toBe(resultHash(hasher, result([[1, '9.90']])));
  });

  it('is absent past 100 rows, past 64 K characters, and without rows', () => {
    const rows = (n: number, text = 'x') => Array.from({ length: n }, (_, i) => ({ id: i, price: text }));
    expect(resultHash(hasher, result(rows(100)))).toMatch(/^[0-9a-f]{16}$/);
    expect(resultHash(hasher, result(rows(101)))).toBeUndefined();
    expect(resultHash(hasher, result(rows(10, 'y'.repeat(7_000))))).toBeUndefined();
    expect(resultHash(hasher, { command: 'UPDATE' })).toBeUndefined();
  });

  it('covers every result of a multi-statement query', () => {
    const one = result([{ id: 1, price: 'a' }]);
    const two = result([{ id: 2, price: 'b' }]);
    expect(resultHash(hasher, [one, two])).not.toBe(resultHash(hasher, [one, one]));
  });
});
