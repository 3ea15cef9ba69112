import { describe, expect, it } from 'vitest';
import { HistogramDecodeError } from './errors.js';
import { ExponentialHistogram } from './exponential-histogram.js';

describe('ExponentialHistogram.record', () => {
  it('rejects NaN and ±Infinity without recording anything', () => {
    const h = new ExponentialHistogram();
    h.record(0.25);
    const before = h.toData();
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])
      expect(h.record(bad)).toBe(false);
    expect(h.toData()).toEqual(before);
  });

  it('rejects counts that are not positive safe integers', () => {
    const h = new ExponentialHistogram();
    for (const bad of [0, -1, 1.5, Number.NaN, 2 ** 60]) expect(h.record(1, bad)).toBe(false);
    expect(h.count).toBe(0);
    expect(h.record(1, 3)).toBe(true);
    expect(h.toData()).toMatchObject({ count: 3, sum: 3, positive: { counts: [3] } });
  });

  it('sends negatives to the negative buckets and zero (either sign) to zeroCount', () => {
    const h = new ExponentialHistogram();
    h.record(-0.5);
    h.record(0);
    h.record(-0);
    h.record(2);
    const data = h.toData();
    expect(data).toMatchObject({ count: 4, zeroCount: 2, sum: 1.5, min: -0.5, max: 2 });
    expect(data.negative.counts).toEqual([1]);
    expect(data.positive.counts).toEqual([1]);
    // At scale 20, 0.5 = 2^-1 is the top of bucket −2^20 − 1 and 2 = 2^1 the top of bucket 2^20 − 1.
    expect(data.scale).toBe(20);
    expect(data.negative.offset).toBe(-(2 ** 20) - 1);
    expect(data.positive.offset).toBe(2 ** 20 - 1);
  });

  it('keeps powers of two exact at bucket boundaries after downscaling', () => {
    const h = new ExponentialHistogram({ maxBuckets: 4 });
    for (const v of [1, 2, 4, 8, 16]) h.record(v);
    // 5 binades in 4 buckets needs scale −1 (buckets (4^i, 4^(i+1)]): 1 → −1, 2,4 → 0, 8,16 → 1.
    expect(h.scale).toBe(-1);
    expect(h.toData().positive).toEqual({ offset: -1, counts: [1, 2, 2] });
  });

  it('starts at maxScale and downscales only as far as the observed span needs', () => {
    const h = new ExponentialHistogram();
    expect(h.scale).toBe(20);
    h.record(1.5);
    expect(h.scale).toBe(20);
    // 1.5 and 3 are one binade apart, so they span 2^s + 1 buckets at scale s: 2049 at scale 11, 1025 at 10.
    h.record(3);
    expect(h.scale).toBe(10);
    h.record(1e-6);
    h.record(100);
    expect(h.scale).toBe(6);
    expect(h.toData().positive.counts.length).toBeLessThanOrEqual(2048);
  });

  it('tracks count, sum, min and max; an empty histogram has NaN quantiles and ±Infinity extremes', () => {
    const h = new ExponentialHistogram();
    expect([h.count, h.sum, h.min, h.max, h.quantile(0.5)]).toEqual([0, 0, Infinity, -Infinity, Number.NaN]);
    for (const v of [0.3, 0.1, 0.2]) h.record(v);
    expect([h.count, h.min, h.max]).toEqual([3, 0.1, 0.3]);
    expect(h.sum).toBeCloseTo(0.6, 12);
    expect(h.quantile(Number.NaN)).toBeNaN();
    expect(h.quantile(1.5)).toBeNaN();
    expect(h.quantile(0)).toBe(0.1);
    expect(h.quantile(1)).toBe(0.3);
  });

  it('clamps quantile estimates to [min, max]', () => {
    const h = new ExponentialHistogram({ maxScale: 0 }); // buckets are whole binades: (0.25, 0.5] holds 0.3
    h.record(0.3);
    h.record(0.31);
    expect(h.quantile(0.5)).toBeGreaterThanOrEqual(0.3);
    expect(h.quantile(0.5)).toBeLessThanOrEqual(0.31);
  });

  it('reset() empties it and returns it to maxScale; clone() is independent', () => {
    const h = new ExponentialHistogram();
    h.record(1e-6);
    h.record(100);
    const copy = h.clone();
    h.reset();
    expect(h.toData()).toEqual(new ExponentialHistogram().toData());
    expect(copy.count).toBe(2);
    h.record(5);
    expect(copy.toData().positive.counts.reduce((a, b) => a + b)).toBe(2);
  });

  it('countAtOrBelow is exact outside the bucket holding the threshold, and handles negatives and zero', () => {
    const h = new ExponentialHistogram();
    for (const v of [-4, -2, 0, 0, 1, 10, 100]) h.record(v);
    expect(h.countAtOrBelow(-5)).toBe(0);
    expect(h.countAtOrBelow(-3)).toBe(1);
    expect(h.countAtOrBelow(-1)).toBe(2);
    expect(h.countAtOrBelow(0)).toBe(4);
    expect(h.countAtOrBelow(5)).toBe(5);
    expect(h.countAtOrBelow(50)).toBe(6);
    expect(h.countAtOrBelow(100)).toBe(7);
  });

  it('validates options at construction', () => {
    expect(() => new ExponentialHistogram({ maxBuckets: 1 })).toThrow(RangeError);
    expect(() => new ExponentialHistogram({ maxScale: 21 })).toThrow(RangeError);
    expect(() => new ExponentialHistogram({ maxScale: 2.5 })).toThrow(RangeError);
  });
});

describe('ExponentialHistogram.merge', () => {
  it('merges histograms at different scales by downscaling to a scale that fits both', () => {
    const fine = new ExponentialHistogram();
    fine.record(1.1);
    fine.record(1.2); // still scale 20
    const coarse = new ExponentialHistogram();
    coarse.record(1e-3);
    coarse.record(10); // scale 7
    const merged = fine.clone().merge(coarse);
    expect(merged.scale).toBe(Math.min(fine.scale, coarse.scale));
    expect(merged.count).toBe(4);
    const reversed = coarse.clone().merge(fine);
    expect(reversed.toData()).toEqual(merged.toData());
  });

  it('downscales further when the union is wider than either part', () => {
    const low = new ExponentialHistogram();
    low.record(1e-6);
    low.record(2e-6);
    const high = new ExponentialHistogram();
    high.record(50);
    high.record(100);
    const merged = low.merge(high);
    expect(merged.scale).toBe(6);
    expect(merged.quantile(0.25)).toBeCloseTo(1e-6, 8);
    expect(Math.abs(merged.quantile(0.75) - 50) / 50).toBeLessThan(0.0055);
  });

  it('merging an empty histogram changes nothing; merging into an empty one copies', () => {
    const h = new ExponentialHistogram();
    h.record(0.5);
    const before = h.toData();
    expect(h.merge(new ExponentialHistogram()).toData()).toEqual(before);
    expect(new ExponentialHistogram().merge(h).toData()).toEqual(before);
  });

  it('takes the larger zero threshold and folds buckets under it into zeroCount', () => {
    const wide = ExponentialHistogram.fromData({
      ...new ExponentialHistogram().toData(),
      zeroThreshold: 0.01,
      zeroCount: 1,
      count: 1,
      sum: 0,
      min: 0,
      max: 0,
    });
    const h = new ExponentialHistogram();
    h.record(0.001);
    h.record(1);
    h.merge(wide);
    expect(h.zeroThreshold).toBe(0.01);
    expect(h.zeroCount).toBe(2);
    expect(h.count).toBe(3);
  });
});

describe('ExponentialHistogram.fromData', () => {
  it('rejects inconsistent or malformed data with HistogramDecodeError', () => {
    const good = (() => {
      const h = new ExponentialHistogram();
      h.record(1);
      return h.toData();
    })();
    const bad = [
      { ...good, count: 2 },
      { ...good, scale: 21 },
      { ...good, zeroCount: -1, count: 0 },
      { ...good, positive: { offset: 0, counts: [0.5] } },
      { ...good, sum: Number.NaN },
      { ...good, zeroThreshold: -1 },
      { ...good, min: 2, max: 1 },
    ];
    for (const data of bad) expect(() => ExponentialHistogram.fromData(data)).toThrow(HistogramDecodeError);
  });

  it('downscales data finer than maxScale and fills in missing min/max from the buckets', () => {
    const source = new ExponentialHistogram();
    source.record(1.5);
    source.record(3);
    const data = { ...source.toData(), min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY };
    const h = ExponentialHistogram.fromData(data, { maxScale: 4 });
    expect(h.scale).toBe(4);
    expect(h.count).toBe(2);
    expect(h.min).toBeLessThanOrEqual(1.5);
    expect(h.min).toBeGreaterThan(1.5 / 2 ** (1 / 16));
    expect(h.max).toBeGreaterThanOrEqual(3);
    expect(h.max).toBeLessThan(3 * 2 ** (1 / 16));
  });
});
