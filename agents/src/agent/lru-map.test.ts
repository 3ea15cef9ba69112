import { describe, expect, it } from 'vitest';
import { LruMap } from './lru-map.js';

describe('LruMap', () => {
  it('evicts the least recently used entry past its capacity', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.get('a')).toBe(1);
    map.set('c', 3);
    expect([map.get('a'), map.get('b'), map.get('c'), map.size]).toEqual([1, undefined, 3, 2]);
  });

  it('keeps the total weight within maxWeight, coldest first, and refuses an entry heavier than all of it', () => {
    const map = new LruMap<string, string>(100, { weigh: (k, v) => k.length + v.length, maxWeight: 10 });
    map.set('a', 'xxxx'); // 5
    map.set('b', 'yyy'); // 4
    map.get('a');
    map.set('c', 'zz'); // 3: total 12 > 10, so b (coldest) goes
    expect([map.get('a'), map.get('b'), map.get('c'), map.weight]).toEqual(['xxxx', undefined, 'zz', 8]);
    map.set('a', 'x'); // replacing an entry re-weighs it
    expect(map.weight).toBe(5);
    map.set('big', 'x'.repeat(20));
    expect([map.get('big'), map.size, map.weight]).toEqual([undefined, 2, 5]);
  });
});
