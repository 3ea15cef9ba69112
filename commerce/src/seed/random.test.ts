import { describe, expect, it } from 'vitest';
import { Random } from './random.js';

describe('Random', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random(43);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
  });

  it('keeps int within its inclusive bounds and reaches both ends', () => {
    const r = new Random(1);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(r.int(3, 6));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('skews toward the low end: power 3 puts about 10% of draws in the first 0.1%', () => {
    const r = new Random(7);
    let low = 0;
    for (let i = 0; i < 100_000; i++) if (r.skewed(100_000, 3) < 100) low++;
    expect(low / 100_000).toBeGreaterThan(0.09);
    expect(low / 100_000).toBeLessThan(0.11);
  });

  it('draws distinct values, never more than exist', () => {
    const r = new Random(3);
    const d = r.distinct(10, 4);
    expect(new Set(d).size).toBe(4);
    expect(r.distinct(3, 10).sort()).toEqual([0, 1, 2]);
  });
});
