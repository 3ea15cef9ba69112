import { ExponentialHistogram } from '@stride/agent';
import { describe, expect, it } from 'vitest';
import { type LatencyDistribution, latencyDistribution } from './distribution.js';

/** Deterministic pseudo-random values (an LCG), log-uniform across [lo, hi]. */
function logUniform(n: number, lo: number, hi: number, seed = 7): number[] {
  let state = seed;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    out.push(lo * (hi / lo) ** (state / 2 ** 31));
  }
  return out;
}

function histogramOf(values: readonly number[]): ExponentialHistogram {
  const h = new ExponentialHistogram();
  for (const v of values) h.record(v);
  return h;
}

function expectContiguous(d: LatencyDistribution): void {
  for (let i = 1; i < d.buckets.length; i++) {
    expect(d.buckets[i]!.lowerMs).toBeCloseTo(d.buckets[i - 1]!.upperMs, 9);
  }
  expect(d.buckets.reduce((sum, b) => sum + b.count, 0)).toBe(d.count);
}

describe('latencyDistribution', () => {
  it('is empty without data', () => {
    const empty = { count: 0, p50Ms: null, p95Ms: null, p99Ms: null, buckets: [] };
    expect(latencyDistribution(null, { msPerUnit: 1 })).toEqual(empty);
    expect(latencyDistribution(new ExponentialHistogram(), { msPerUnit: 1 })).toEqual(empty);
  });

  it('coarsens a wide distribution to at most 60 contiguous, log-spaced buckets with exact counts', () => {
    const values = logUniform(5_000, 0.5, 20_000);
    const d = latencyDistribution(histogramOf(values), { msPerUnit: 1 });
    expect(d.count).toBe(5_000);
    expect(d.buckets.length).toBeLessThanOrEqual(60);
    // 0.5 ms … 20 s is 15.3 doublings: coarsening stops at the first scale that fits (2 buckets per doubling).
    expect(d.buckets.length).toBeGreaterThan(30);
    expectContiguous(d);
    expect(d.buckets[0]!.lowerMs).toBeCloseTo(Math.min(...values), 9);
    expect(d.buckets.at(-1)!.upperMs).toBeCloseTo(Math.max(...values), 9);
    // Every bucket holds exactly the values in (lower, upper]: merging buckets never splits a count.
    for (const b of d.buckets) {
      const inside = values.filter((v) => v > b.lowerMs * (1 + 1e-12) && v <= b.upperMs * (1 - 1e-12)).length;
      const onEdge = values.filter((v) => Math.abs(v - b.lowerMs) / v < 1e-12 || Math.abs(v - b.upperMs) / v < 1e-12);
      expect(Math.abs(b.count - inside)).toBeLessThanOrEqual(onEdge.length);
    }
    // Log-spaced: every interior bucket spans the same ratio.
    const ratios = d.buckets.slice(1, -1).map((b) => b.upperMs / b.lowerMs);
    for (const r of ratios) expect(r).toBeCloseTo(ratios[0]!, 9);
  });

  it('reports the same percentiles as the histogram, in ms for a histogram in seconds', () => {
    const seconds = logUniform(2_000, 0.004, 1.5);
    const h = histogramOf(seconds);
    const d = latencyDistribution(h, { msPerUnit: 1_000 });
    expect(d.p50Ms).toBeCloseTo(h.quantile(0.5) * 1_000, 9);
    expect(d.p95Ms).toBeCloseTo(h.quantile(0.95) * 1_000, 9);
    expect(d.p99Ms).toBeCloseTo(h.quantile(0.99) * 1_000, 9);
    const sorted = [...seconds].sort((a, b) => a - b);
    expect(Math.abs(d.p95Ms! / (sorted[Math.ceil(0.95 * 2_000) - 1]! * 1_000) - 1)).toBeLessThan(0.006);
    expect(d.buckets[0]!.lowerMs).toBeCloseTo(sorted[0]! * 1_000, 6);
    expect(d.buckets.at(-1)!.upperMs).toBeCloseTo(sorted.at(-1)! * 1_000, 6);
    expectContiguous(d);
  });

  it('keeps the histogram resolution when it already fits, with exact bucket bounds', () => {
    // scale 2: base 2^(1/4); bucket i covers (2^(i/4), 2^((i+1)/4)]. Buckets 10…13 span 5.66 … 11.31 ms.
    const h = ExponentialHistogram.fromData({
      scale: 2,
      zeroCount: 0,
      zeroThreshold: 0,
      positive: { offset: 10, counts: [1, 0, 3, 2] },
      negative: { offset: 0, counts: [] },
      count: 6,
      sum: 45,
      min: 5.8,
      max: 10,
    });
    const d = latencyDistribution(h, { msPerUnit: 1 });
    expect(d.buckets.map((b) => b.count)).toEqual([1, 0, 3, 2]);
    expect(d.buckets[0]!.lowerMs).toBe(5.8); // clamped to min (the bound is 2^(10/4) = 5.657)
    expect(d.buckets[1]!.lowerMs).toBeCloseTo(2 ** (11 / 4), 12);
    expect(d.buckets[3]!.lowerMs).toBeCloseTo(2 ** (13 / 4), 12);
    expect(d.buckets[3]!.upperMs).toBe(10); // clamped to max (the bound is 2^(14/4) = 11.31)
    expectContiguous(d);

    // Halving the room merges pairs exactly: (10, 11) → 5, (12, 13) → 6 at scale 1.
    const coarse = latencyDistribution(h, { msPerUnit: 1, maxBuckets: 3 });
    expect(coarse.buckets.map((b) => b.count)).toEqual([1, 5]);
    expect(coarse.buckets[1]!.lowerMs).toBeCloseTo(2 ** (6 / 2), 12);
  });

  it('puts zero observations in a leading bucket from 0 and honours a small maxBuckets', () => {
    const d = latencyDistribution(histogramOf([0, 0, ...logUniform(300, 1, 1_000)]), { msPerUnit: 1, maxBuckets: 5 });
    expect(d.buckets.length).toBeLessThanOrEqual(5);
    expect(d.buckets[0]).toMatchObject({ lowerMs: 0, count: 2 });
    expect(d.p50Ms).toBeGreaterThan(1);
    expectContiguous(d);
    expect(() => latencyDistribution(null, { msPerUnit: 1, maxBuckets: 1 })).toThrow(RangeError);
  });
});
