import { describe, expect, it } from 'vitest';
import { RollupBuffer, type RollupDelta } from './rollup-buffer.js';
import { DEFAULT_TIERS } from './store.js';
import { histogramOf, histogramPoint, series, T0, valuePoint } from './store-contract-fixtures.js';

const M = 60_000;
const H = 3_600_000;
const route = series('/a');

describe('RollupBuffer', () => {
  it('keeps one delta per 1 m bucket and forms 1 h deltas from them', () => {
    const buffer = new RollupBuffer(DEFAULT_TIERS);
    const points = [
      histogramPoint(route, T0 + 5_000, [0.1]),
      histogramPoint(route, T0 + 15_000, [0.2, 0.3]),
      histogramPoint(route, T0 + M + 2_000, [0.4]),
      histogramPoint(route, T0 + H + 1_000, [0.5]),
    ];
    for (const p of points) buffer.addPoint(7, p);
    expect(buffer.size).toBe(3);
    expect([
      buffer.has(1, 7, T0),
      buffer.has(1, 7, T0 + 2 * M),
      buffer.has(2, 7, T0),
      buffer.has(2, 7, T0 + H),
    ]).toEqual([true, false, true, true]);
    const seen: RollupDelta[] = [];
    buffer.forEachIn(2, [7, 8], T0, T0 + H, (d) => seen.push(d));
    expect(seen.map((d) => [d.startMs - T0, d.count])).toEqual([[0, 4]]);
    buffer.addPoint(7, histogramPoint(route, T0 + 2 * M, [0.6])); // a new point re-forms the series' 1 h delta
    seen.length = 0;
    buffer.forEachIn(2, [7], T0, T0 + H, (d) => seen.push(d));
    expect(seen.map((d) => d.count)).toEqual([5]);

    const flushed = buffer.flushDeltas();
    expect(flushed.map((d) => [d.tierIndex, d.startMs - T0, d.count])).toEqual([
      [1, 0, 3],
      [1, M, 1],
      [1, 2 * M, 1],
      [1, H, 1],
      [2, 0, 5],
      [2, H, 1],
    ]);
    const hour = flushed.find((d) => d.tierIndex === 2 && d.startMs === T0)!;
    expect(hour.histogram!.toData()).toEqual(histogramOf([0.1, 0.2, 0.3, 0.4, 0.6]).toData());
  });

  it('never changes or keeps the callers histograms', () => {
    const buffer = new RollupBuffer(DEFAULT_TIERS);
    const a = histogramPoint(route, T0, [0.1]);
    const b = histogramPoint(route, T0 + 1_000, [0.2]);
    buffer.addPoint(1, a);
    buffer.addPoint(1, b);
    buffer.flushDeltas();
    expect([a.histogram!.count, b.histogram!.count]).toEqual([1, 1]);
    a.histogram!.record(5);
    const [minute] = buffer.flushDeltas();
    expect(minute!.count).toBe(2);
    expect(minute!.histogram!.count).toBe(2);
  });

  it('adds sums and keeps the newest gauge sample', () => {
    const buffer = new RollupBuffer(DEFAULT_TIERS);
    const gauge = series('/g', { kind: 'gauge', metric: 'process.heap.used', unit: 'By' });
    buffer.addPoint(3, valuePoint(gauge, T0 + 40_000, 5));
    buffer.addPoint(3, valuePoint(gauge, T0 + 10_000, 9));
    const [minute] = buffer.flushDeltas();
    expect(minute).toMatchObject({ count: 2, sum: 14, min: 5, max: 9, last: 5, lastMs: T0 + 40_000, histogram: null });
    buffer.clear();
    expect(buffer.size).toBe(0);
    expect(buffer.flushDeltas()).toEqual([]);
  });
});
