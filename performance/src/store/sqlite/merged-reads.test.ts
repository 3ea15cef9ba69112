import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../ingest/points.js';
import {
  DAY,
  expectSameHistogram,
  HOUR,
  histogramPoint,
  latencies,
  MINUTE,
  mergeAggregates,
  rng,
  SECOND,
  series,
  T0,
  valuePoint,
} from '../store-contract-fixtures.js';
import { openSqliteStore } from './sqlite-store.js';
import { forEachBlob } from './tier-rows.js';

const METRIC = 'http.server.request.duration';

/** Three routes, one point each every 10 min over `days`, plus a gauge and a sum series. */
function points(days: number): MetricPoint[] {
  const random = rng(5);
  const out: MetricPoint[] = [];
  for (let t = T0; t < T0 + days * DAY; t += 10 * MINUTE) {
    for (const route of ['/a', '/b', '/c']) out.push(histogramPoint(series(route), t, latencies(random, 4)));
    out.push(valuePoint(series('/g', { metric: 'process.heap.used', kind: 'gauge', unit: 'By' }), t + 1, random()));
    out.push(valuePoint(series('/s', { metric: 'http.server.requests', kind: 'sum', unit: '{r}' }), t + 2, 3));
  }
  return out;
}

describe('SQLite merged reads (rows merged inside SQLite, one row per series or step)', () => {
  it('answer from stored coarse rows as reading every 10 s bucket would', async () => {
    const now = T0 + 2 * DAY + 30 * MINUTE;
    const store = openSqliteStore({ path: ':memory:', nowMs: () => now, mergedRangeCacheBytes: 0 });
    await store.write(points(2));
    store.flushRollups(); // the coarse rows now hold everything: no buffered deltas join the reads
    expect(store.stats().pendingRollups).toBe(0);
    const all = [
      ...(await store.findSeries({ metric: METRIC })),
      ...(await store.findSeries({ metric: 'process.heap.used' })),
      ...(await store.findSeries({ metric: 'http.server.requests' })),
    ];
    const ranges: [number, number][] = [
      [T0, T0 + DAY],
      [T0 + 3 * HOUR + 17 * MINUTE + 20 * SECOND, T0 + 2 * DAY],
      [T0 + 59 * MINUTE, T0 + 61 * MINUTE],
    ];
    for (const [fromMs, toMs] of ranges) {
      const merged = await store.readMerged({ seriesIds: all.map((s) => s.id), fromMs, toMs });
      for (const [i, ref] of all.entries()) {
        const fine = await store.readSteps({ seriesIds: [ref.id], fromMs, toMs, stepMs: 10 * SECOND });
        const expected = mergeAggregates(fine);
        const got = merged[i]!;
        expect({ count: got.count, min: got.min, max: got.max }).toEqual({
          count: expected.count,
          min: expected.min,
          max: expected.max,
        });
        expect(got.sum).toBeCloseTo(expected.sum, 6);
        if (ref.kind === 'histogram') expectSameHistogram(got.histogram, expected.histogram);
        // The newest gauge sample in range: the rows are re-read one by one for it.
        if (ref.kind === 'gauge') expect(got.last).toBe(fine.at(-1)!.last);
      }
    }
    const routes = all.filter((s) => s.kind === 'histogram').map((s) => s.id);
    const [steps] = await store.readGroupSteps({ groups: [routes], fromMs: T0, toMs: T0 + DAY, stepMs: HOUR });
    const perSeries = await store.readSteps({ seriesIds: routes, fromMs: T0, toMs: T0 + DAY, stepMs: HOUR });
    expect(steps).toHaveLength(24);
    for (const step of steps!) {
      const expected = mergeAggregates(perSeries.filter((a) => a.startMs === step.startMs));
      expect(step.count).toBe(expected.count);
      expectSameHistogram(step.histogram, expected.histogram);
    }
    await store.close();
  });

  it('splits a concatenation into its blobs and rejects a malformed one', () => {
    const blobs: number[][] = [];
    forEachBlob(Buffer.from('00000002ab' + '00000000' + '00000001e', 'latin1'), (b) => blobs.push([...b]));
    expect(blobs).toEqual([[0x61, 0x62], [], [0x65]]);
    const tagged: [number, string][] = [];
    forEachBlob(
      Buffer.from('1f00000001x' + '0a00000002yz', 'latin1'),
      (b, tag) => tagged.push([tag, String.fromCharCode(...b)]),
      2,
    );
    expect(tagged).toEqual([
      [31, 'x'],
      [10, 'yz'],
    ]);
    expect(() => forEachBlob(Buffer.from('0000000fab', 'latin1'), () => {})).toThrow(/truncated/);
    expect(() => forEachBlob(Buffer.from('0000', 'latin1'), () => {})).toThrow(/hex digit/);
    expect(() => forEachBlob(Buffer.from('0000000Zab', 'latin1'), () => {})).toThrow(/hex digit/);
  });
});
