import { describe, expect, it } from 'vitest';
import { hashValues } from './value-hash.js';

describe('hashValues', () => {
  it('is 16 hex digits and the same for equal values built separately', () => {
    const a = hashValues(['SELECT * FROM products WHERE id = $1', [42]]);
    const b = hashValues(['SELECT * FROM products WHERE id = $1', [42]]);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(b).toBe(a);
  });

  it('tells apart values a careless hash would confuse', () => {
    const hashes = [
      hashValues([[1, 2]]),
      hashValues([[12]]),
      hashValues([['1', '2']]),
      hashValues([[1], [2]]),
      hashValues([{ a: 1, b: 2 }]),
      hashValues([{ a: 2, b: 1 }]),
      hashValues([{ ab: 1 }]),
      hashValues([null]),
      hashValues(['null']),
      hashValues([true]),
      hashValues([new Date(0)]),
    ];
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('hashes result rows by content: equal rows from two queries match, a changed price does not', () => {
    const rows = (price: string) => [
      { id: 1, sku: 'sku-1', price, updated_at: new Date(1_700_000_000_000), photo: Buffer.from('abc') },
      { id: 2, sku: 'sku-2', price: '9.99', updated_at: new Date(1_700_000_000_000), photo: Buffer.from('def') },
    ];
    expect(hashValues([rows('19.90')])).toBe(hashValues([rows('19.90')]));
    expect(hashValues([rows('19.90')])).not.toBe(hashValues([rows('18.90')]));
  });

  it('hashes numbers by value: integers, fractions, huge and negative ones, Dates by their time', () => {
    const values = [0, 1, -1, 2 ** 31, 2 ** 53 + 2, 0.1, 0.1 + 0.2, -2.5, 1e300];
    const hashes = values.map((v) => hashValues([v]));
    expect(new Set(hashes).size).toBe(values.length);
    expect(hashValues([0.1 + 0.2])).toBe(hashValues([0.30000000000000004]));
    expect(hashValues([-0])).toBe(hashValues([0]));
    expect(hashValues([new Date(1_700_000_000_123)])).toBe(hashValues([new Date(1_700_000_000_123)]));
    expect(hashValues([new Date(1_700_000_000_123)])).not.toBe(hashValues([new Date(1_700_000_000_124)]));
  });

  it('gives up (undefined) past its budget instead of walking a huge result', () => {
    const big = Array.from({ length: 1_000 }, (_, i) => ({ id: i, name: `n${i}` }));
    expect(hashValues([big], 500)).toBeUndefined();
    expect(hashValues([big.slice(0, 10)], 500)).toMatch(/^[0-9a-f]{16}$/);
  });
});
