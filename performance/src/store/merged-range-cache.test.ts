import { describe, expect, it } from 'vitest';
import type { BucketRow } from './aggregate-builder.js';
import { MergedRangeCache } from './merged-range-cache.js';

const H = 3_600_000;
/** A cached run whose histogram takes `bytes` bytes (the cache only looks at its length). */
const run = (count: number, bytes = 100): BucketRow => ({
  count,
  sum: count,
  min: 1,
  max: 1,
  last: null,
  lastMs: null,
  hist: new Uint8Array(bytes),
});

describe('MergedRangeCache', () => {
  it('answers a run only for the exact series, tier and range it was stored under', () => {
    const cache = new MergedRangeCache();
    cache.set(7, 2, 0, 23 * H, run(5));
    expect(cache.get(7, 2, 0, 23 * H)?.count).toBe(5);
    expect(cache.get(7, 2, 0, 24 * H)).toBeUndefined();
    expect(cache.get(7, 1, 0, 23 * H)).toBeUndefined();
    expect(cache.get(8, 2, 0, 23 * H)).toBeUndefined();
    expect(cache.stats()).toMatchObject({ entries: 1, hits: 1, misses: 3 });
  });

  it('drops exactly the runs of the written series that hold the written bucket', () => {
    const cache = new MergedRangeCache();
    cache.set(7, 2, 0, 10 * H, run(1));
    cache.set(7, 2, 10 * H, 20 * H, run(2));
    cache.set(8, 2, 0, 10 * H, run(3));
    cache.invalidate(7, 10 * H, 10 * H + 10_000); // a late point at 10:00:05 of series 7
    expect(cache.get(7, 2, 0, 10 * H)?.count).toBe(1);
    expect(cache.get(7, 2, 10 * H, 20 * H)).toBeUndefined();
    expect(cache.get(8, 2, 0, 10 * H)?.count).toBe(3);
    expect(cache.stats().invalidations).toBe(1);
  });

  it('evicts the least recently used runs beyond maxBytes and counts them', () => {
    // Each entry is 100 bytes of histogram plus a fixed overhead; room for three and a half. An eviction frees down
    // to 90 % of the budget (3.15 entries here), so the fourth entry evicts exactly one.
    const one = 100 + 160;
    const cache = new MergedRangeCache({ maxBytes: 3.5 * one });
    cache.set(1, 2, 0, H, run(1));
    cache.set(2, 2, 0, H, run(2));
    cache.set(3, 2, 0, H, run(3));
    cache.get(1, 2, 0, H); // 2 is now the least recently used
    cache.set(4, 2, 0, H, run(4));
    expect(cache.get(2, 2, 0, H)).toBeUndefined();
    expect([1, 3, 4].map((id) => cache.get(id, 2, 0, H)?.count)).toEqual([1, 3, 4]);
    expect(cache.stats()).toMatchObject({ entries: 3, bytes: 3 * one, evictions: 1 });
  });

  it('replaces a run stored twice and keeps the byte count exact', () => {
    const cache = new MergedRangeCache();
    cache.set(1, 2, 0, H, run(1, 50));
    cache.set(1, 2, 0, H, run(2, 70));
    expect(cache.get(1, 2, 0, H)?.count).toBe(2);
    expect(cache.stats()).toMatchObject({ entries: 1, bytes: 70 + 160 });
  });

  it('drops runs that retention cut into, and everything on clear()', () => {
    const cache = new MergedRangeCache();
    cache.set(1, 2, 0, 5 * H, run(1));
    cache.set(1, 2, 5 * H, 9 * H, run(2));
    cache.set(1, 1, 0, H, run(3));
    cache.invalidateBefore(2, 5 * H);
    expect(cache.get(1, 2, 0, 5 * H)).toBeUndefined();
    expect(cache.get(1, 2, 5 * H, 9 * H)?.count).toBe(2);
    expect(cache.get(1, 1, 0, H)?.count).toBe(3);
    cache.clear();
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });
});
