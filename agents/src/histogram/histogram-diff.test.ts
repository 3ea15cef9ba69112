import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CumulativeResetError, HistogramResetError } from './errors.js';
import { ExponentialHistogram } from './exponential-histogram.js';

const latency = fc.double({ min: -100, max: 100, noNaN: true });
const withoutSum = (h: ExponentialHistogram) => ({ ...h.toData(), sum: 0 });

describe('ExponentialHistogram.diff (cumulative → delta)', () => {
  it('earlier.merge(later.diff(earlier)) reproduces the later cumulative snapshot', () => {
    fc.assert(
      fc.property(fc.array(latency, { maxLength: 300 }), fc.array(latency, { maxLength: 300 }), (first, second) => {
        const earlier = new ExponentialHistogram();
        for (const v of first) earlier.record(v);
        const later = earlier.clone();
        for (const v of second) later.record(v);
        const delta = later.diff(earlier);
        expect(delta.count).toBe(second.length);
        // The delta holds the same observations as recording them directly, at the stream's (≤) scale.
        const direct = new ExponentialHistogram();
        for (const v of second) direct.record(v);
        expect(delta.scale).toBeLessThanOrEqual(direct.scale);
        const directAtDeltaScale = new ExponentialHistogram({ maxScale: delta.scale }).merge(direct);
        expect(withoutSum(directAtDeltaScale).positive).toEqual(withoutSum(delta).positive);
        expect(withoutSum(directAtDeltaScale).negative).toEqual(withoutSum(delta).negative);
        const rebuilt = earlier.clone().merge(delta);
        expect(withoutSum(rebuilt)).toEqual(withoutSum(later));
        expect(rebuilt.sum).toBeCloseTo(later.sum, 6);
      }),
      { seed: 3, numRuns: 200 },
    );
  });

  it('uses the newer snapshot’s min/max for a non-empty delta, ±Infinity for an empty one', () => {
    const earlier = new ExponentialHistogram();
    earlier.record(0.001);
    const later = earlier.clone();
    later.record(0.5);
    const delta = later.diff(earlier);
    expect([delta.count, delta.min, delta.max]).toEqual([1, 0.001, 0.5]);
    expect(delta.quantile(0.5)).toBeCloseTo(0.5, 2);
    const none = later.diff(later);
    expect([none.count, none.sum, none.min, none.max]).toEqual([0, 0, Infinity, -Infinity]);
    expect(none.toData().positive.counts).toEqual([]);
  });

  it('diffs across scales: a later snapshot that downscaled still subtracts exactly', () => {
    const earlier = new ExponentialHistogram();
    earlier.record(1.1);
    earlier.record(1.2);
    const later = earlier.clone();
    later.record(1e-5);
    later.record(50);
    expect(later.scale).toBeLessThan(earlier.scale);
    const delta = later.diff(earlier);
    expect(delta.scale).toBe(later.scale);
    expect(delta.count).toBe(2);
    expect(delta.toData().positive.counts.reduce((a, b) => a + b)).toBe(2);
  });

  it('throws HistogramResetError (a CumulativeResetError) when earlier is not contained in the newer snapshot', () => {
    const earlier = new ExponentialHistogram();
    for (const v of [0.1, 0.2, 0.3]) earlier.record(v);
    const restarted = new ExponentialHistogram();
    restarted.record(0.1);
    expect(() => restarted.diff(earlier)).toThrow(HistogramResetError);
    expect(() => restarted.diff(earlier)).toThrow(CumulativeResetError);

    // Same count, different buckets: still a reset.
    const moved = new ExponentialHistogram();
    for (const v of [0.1, 0.2, 7]) moved.record(v);
    expect(() => moved.diff(earlier)).toThrow(HistogramResetError);

    const zeros = new ExponentialHistogram();
    zeros.record(0);
    zeros.record(0);
    const fewerZeros = new ExponentialHistogram();
    fewerZeros.record(0);
    fewerZeros.record(1);
    fewerZeros.record(2);
    expect(() => fewerZeros.diff(zeros)).toThrow(HistogramResetError);
  });

  it('leaves both operands unchanged', () => {
    const earlier = new ExponentialHistogram();
    earlier.record(1);
    const later = earlier.clone();
    later.record(2);
    const [a, b] = [earlier.toData(), later.toData()];
    later.diff(earlier);
    expect([earlier.toData(), later.toData()]).toEqual([a, b]);
  });
});
