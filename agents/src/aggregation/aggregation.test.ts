import { describe, expect, it } from 'vitest';
import { CumulativeResetError, HistogramResetError } from '../histogram/errors.js';
import { gaugeAggregator } from './gauge-aggregator.js';
import { createHistogramAggregator, histogramAggregator } from './histogram-aggregator.js';
import { aggregators } from './registry.js';
import { createSumAggregator, sumAggregator } from './sum-aggregator.js';

describe('aggregators registry', () => {
  it('holds one aggregator per kind, keyed by its own kind', () => {
    expect(Object.keys(aggregators).sort()).toEqual(['gauge', 'histogram', 'sum']);
    for (const [kind, aggregator] of Object.entries(aggregators)) expect(aggregator.kind).toBe(kind);
  });
});

describe('histogramAggregator', () => {
  it('records, merges, diffs and reports OTLP-shaped data', () => {
    const a = histogramAggregator.create();
    const b = histogramAggregator.create();
    for (const v of [0.01, 0.02, 0.03]) histogramAggregator.record(a, v);
    histogramAggregator.record(b, 0.5);
    histogramAggregator.record(b, Number.NaN); // ignored
    histogramAggregator.merge(a, b);
    const result = histogramAggregator.toResult(a);
    expect(result).toMatchObject({ count: 4, min: 0.01, max: 0.5, zeroCount: 0 });
    expect(result.positive.counts.reduce((x, y) => x + y)).toBe(4);
    expect(b.count).toBe(1);

    const earlier = histogramAggregator.create();
    histogramAggregator.record(earlier, 0.01);
    expect(histogramAggregator.diff(a, earlier).count).toBe(3);
    expect(() => histogramAggregator.diff(earlier, a)).toThrow(HistogramResetError);
  });

  it('passes its options to every accumulator and validates them once', () => {
    const coarse = createHistogramAggregator({ maxBuckets: 8 });
    const h = coarse.create();
    for (const v of [1e-6, 1, 100]) coarse.record(h, v);
    expect(h.toData().positive.counts.length).toBeLessThanOrEqual(8);
    expect(() => createHistogramAggregator({ maxScale: 99 })).toThrow(RangeError);
  });
});

describe('sumAggregator', () => {
  it('adds, merges and diffs; a monotonic sum that goes down is a reset', () => {
    const acc = sumAggregator.create();
    sumAggregator.record(acc, 2);
    sumAggregator.record(acc, 3);
    sumAggregator.record(acc, Number.POSITIVE_INFINITY); // ignored
    const other = sumAggregator.create();
    sumAggregator.record(other, 5);
    sumAggregator.merge(acc, other);
    expect(sumAggregator.toResult(acc)).toEqual({ value: 10, monotonic: true });
    expect(sumAggregator.diff(acc, other)).toEqual({ value: 5 });
    expect(() => sumAggregator.diff(other, acc)).toThrow(CumulativeResetError);
  });

  it('lets an up-down counter go down', () => {
    const upDown = createSumAggregator({ monotonic: false });
    const earlier = { value: 10 };
    expect(upDown.diff({ value: 4 }, earlier)).toEqual({ value: -6 });
    expect(upDown.toResult({ value: 4 }).monotonic).toBe(false);
  });
});

describe('gaugeAggregator', () => {
  it('keeps the last value and the spread of samples (worked example 3, 9, 6)', () => {
    const acc = gaugeAggregator.create();
    for (const v of [3, 9, 6, Number.NaN]) gaugeAggregator.record(acc, v);
    expect(gaugeAggregator.toResult(acc)).toEqual({ last: 6, min: 3, max: 9, count: 3, sum: 18, mean: 6 });
  });

  it('merges with the later accumulator’s last value, ignores empty ones, and diff is the current snapshot', () => {
    const earlier = gaugeAggregator.create();
    gaugeAggregator.record(earlier, 1);
    const later = gaugeAggregator.create();
    gaugeAggregator.record(later, 7);
    gaugeAggregator.merge(earlier, later);
    gaugeAggregator.merge(earlier, gaugeAggregator.create());
    expect(gaugeAggregator.toResult(earlier)).toMatchObject({ last: 7, min: 1, max: 7, count: 2 });
    const delta = gaugeAggregator.diff(later, earlier);
    expect(delta).toEqual(later);
    expect(delta).not.toBe(later);
    expect(gaugeAggregator.toResult(gaugeAggregator.create()).mean).toBeNaN();
  });
});

describe('reset', () => {
  it('empties each kind of accumulator in place, as if just created', () => {
    const h = histogramAggregator.create();
    for (const v of [0, 0.5, -2, 1e3]) histogramAggregator.record(h, v);
    histogramAggregator.reset(h);
    expect(histogramAggregator.toResult(h)).toEqual(histogramAggregator.toResult(histogramAggregator.create()));
    histogramAggregator.record(h, 0.5);
    expect(histogramAggregator.toResult(h)).toMatchObject({ count: 1, min: 0.5, max: 0.5 });

    const s = sumAggregator.create();
    sumAggregator.record(s, 4);
    sumAggregator.reset(s);
    expect(s).toEqual(sumAggregator.create());

    const g = gaugeAggregator.create();
    gaugeAggregator.record(g, 4);
    gaugeAggregator.reset(g);
    expect(g).toEqual(gaugeAggregator.create());
  });
});
