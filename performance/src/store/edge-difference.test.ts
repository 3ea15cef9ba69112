import { ExponentialHistogram } from '@stride/agent';
import { describe, expect, it } from 'vitest';
import { AggregateBuilder } from './aggregate-builder.js';
import { addEdgeDifference } from './edge-difference.js';

const H = 3_600_000;
const OUTSIDE = [0, 20 * 60_000] as const; // the first 20 minutes of the edge hour are outside the range

/** A builder holding histogram observations `values`. */
function histograms(...values: number[]): AggregateBuilder {
  const h = new ExponentialHistogram();
  for (const v of values) h.record(v);
  const b = new AggregateBuilder(1, 0);
  if (values.length > 0)
    b.addLive({ count: h.count, sum: h.sum, min: h.min, max: h.max, last: null, lastMs: null, histogram: h });
  return b;
}

/** A builder holding gauge samples [timeMs, value]. */
function gauges(...samples: [number, number][]): AggregateBuilder {
  const b = new AggregateBuilder(1, 0);
  for (const [t, v] of samples) b.addLive({ count: 1, sum: v, min: v, max: v, last: v, lastMs: t, histogram: null });
  return b;
}

const union = (...parts: AggregateBuilder[]) => {
  const b = new AggregateBuilder(1, 0);
  for (const p of parts) b.addBuilder(p);
  return b;
};

describe('addEdgeDifference', () => {
  it('adds whole − outside exactly as adding the inside would', () => {
    const rest = [0.05, 0.07, 0.2];
    const inside = [0.03, 0.09, 0.4];
    const outside = [0.06, 0.08];
    const target = histograms(...rest);
    expect(addEdgeDifference(target, histograms(...inside, ...outside), histograms(...outside), ...OUTSIDE)).toBe(true);
    const direct = histograms(...rest, ...inside);
    expect(target.count).toBe(direct.count);
    expect([target.min, target.max]).toEqual([direct.min, direct.max]);
    expect(target.sum).toBeCloseTo(direct.sum, 12);
    const { sum, ...buckets } = target.histogram!.toData();
    const { sum: directSum, ...directBuckets } = direct.histogram!.toData();
    expect(buckets).toEqual(directBuckets);
    expect(sum).toBeCloseTo(directSum, 12);
  });

  it('refuses when the extreme lies outside and nothing else in the range reaches it', () => {
    expect(addEdgeDifference(histograms(0.05), histograms(0.06, 0.9), histograms(0.9), ...OUTSIDE)).toBe(false);
    expect(addEdgeDifference(histograms(0.05), histograms(0.06, 0.001), histograms(0.001), ...OUTSIDE)).toBe(false);
    // The rest of the range already reaches past it: the edge's unknown max cannot matter.
    const target = histograms(0.05, 2);
    expect(addEdgeDifference(target, histograms(0.06, 0.9), histograms(0.9), ...OUTSIDE)).toBe(true);
    expect(target.max).toBe(2);
    expect(target.count).toBe(3);
  });

  it('refuses when the outside made the hour coarser than the rest of the range', () => {
    // min/max checks pass (the extremes are inside), so only resolution can differ: the outside came from a
    // producer recording at scale 2, which the hour's merge took on.
    const target = histograms(0.01, 0.0101, 0.0102);
    const coarse = new ExponentialHistogram({ maxScale: 2 });
    coarse.record(0.05);
    const outside = histograms();
    outside.addLive({ count: 1, sum: 0.05, min: 0.05, max: 0.05, last: null, lastMs: null, histogram: coarse });
    const whole = union(histograms(0.0103, 0.3), outside);
    expect(whole.histogram!.scale).toBe(2);
    expect(addEdgeDifference(target, whole, outside, ...OUTSIDE)).toBe(false);
    expect(target.count).toBe(3);
    // An empty target cannot vouch for any scale either.
    expect(addEdgeDifference(histograms(), histograms(0.01, 0.2, 0.1), histograms(0.1), ...OUTSIDE)).toBe(false);
  });

  it('keeps the newest gauge sample only when it is inside the range or already beaten', () => {
    const early: [number, number] = [5 * 60_000, 1]; // outside
    const late: [number, number] = [40 * 60_000, 2]; // inside
    const target = gauges([-H, 0]);
    expect(addEdgeDifference(target, gauges(early, late), gauges(early), ...OUTSIDE)).toBe(true);
    expect(target.last).toBe(2);
    // The hour's newest sample is outside: what the inside's newest was is unknown.
    expect(
      addEdgeDifference(gauges([-H, 0]), gauges(late, [10 * 60_000, 3]), gauges([10 * 60_000, 3]), 0, 20 * 60_000),
    ).toBe(false);
    const newer = gauges([2 * H, 9]);
    expect(addEdgeDifference(newer, gauges(late, [10 * 60_000, 3]), gauges([10 * 60_000, 3]), 0, 20 * 60_000)).toBe(
      true,
    );
    expect(newer.last).toBe(9);
  });

  it('adds the whole bucket when nothing lies outside, and nothing when nothing lies inside', () => {
    const target = histograms(0.1);
    expect(addEdgeDifference(target, histograms(0.2, 0.3), histograms(), ...OUTSIDE)).toBe(true);
    expect(target.count).toBe(3);
    expect(addEdgeDifference(target, histograms(0.4), histograms(0.4), ...OUTSIDE)).toBe(true);
    expect(target.count).toBe(3);
    expect(addEdgeDifference(target, histograms(0.4), union(histograms(0.4), histograms(0.5)), ...OUTSIDE)).toBe(false);
  });
});
