import { describe, expect, it } from 'vitest';
import { explicitPointToHistogram } from './explicit-buckets.js';
import { DEFAULT_INGEST_LIMITS } from './ingest-limits.js';

describe('explicitPointToHistogram', () => {
  it('places each bucket at its geometric midpoint narrowed to [min, max] (the worked example)', () => {
    const h = explicitPointToHistogram(
      { count: '6', sum: 42, min: 1, max: 40, explicitBounds: [0, 5, 10], bucketCounts: ['0', '2', '3', '1'] },
      DEFAULT_INGEST_LIMITS,
    );
    expect([h.count, h.sum, h.min, h.max]).toEqual([6, 42, 1, 40]);
    // Ranks 1–2 at √5 ≈ 2.236, 3–5 at √50 ≈ 7.071, 6 at √400 = 20 (each within the histogram's bucket error).
    expect(h.quantile(2 / 6)).toBeCloseTo(Math.sqrt(5), 1);
    expect(h.quantile(0.5)).toBeCloseTo(Math.sqrt(50), 1);
    expect(h.quantile(5.5 / 6)).toBeGreaterThan(19.8);
    expect(h.countAtOrBelow(5)).toBe(2);
    expect(h.countAtOrBelow(10)).toBe(5);
  });

  it('uses the finite bound for open-ended buckets when min/max are unknown, and handles negatives', () => {
    const h = explicitPointToHistogram(
      { count: '3', sum: 0, explicitBounds: [-1, 1], bucketCounts: ['1', '1', '1'] },
      DEFAULT_INGEST_LIMITS,
    );
    expect(h.count).toBe(3);
    expect(h.sum).toBe(0);
    expect(h.min).toBeCloseTo(-1, 6);
    expect(h.max).toBeCloseTo(1, 6);
    expect(h.countAtOrBelow(0)).toBe(2); // -1 and the straddling bucket's arithmetic midpoint 0
  });

  it('returns an empty histogram for count 0', () => {
    const h = explicitPointToHistogram(
      { explicitBounds: [1, 2], bucketCounts: ['0', '0', '0'] },
      DEFAULT_INGEST_LIMITS,
    );
    expect([h.count, h.sum]).toEqual([0, 0]);
  });

  it('rejects more bounds than the limit', () => {
    const explicitBounds = Array.from({ length: 20 }, (_, i) => i);
    const bucketCounts = Array.from({ length: 21 }, () => '0');
    expect(() => explicitPointToHistogram({ explicitBounds, bucketCounts }, { maxBucketsPerPoint: 10 })).toThrow(
      '20 bounds exceed the limit of 10',
    );
  });
});
