import { afterEach, describe, expect, it } from 'vitest';
import type { MetricPoint, SeriesDescriptor } from '../ingest/points.js';
import { StoreClosedError } from './errors.js';
import { OVERFLOW_ATTRIBUTES } from './series-registry.js';
import type { Store, Tier } from './store.js';
import {
  DAY,
  expectSameHistogram,
  HOUR,
  histogramOf,
  histogramPoint,
  latencies,
  MINUTE,
  mergeAggregates,
  rng,
  SECOND,
  series,
  T0,
  valuePoint,
} from './store-contract-fixtures.js';

export interface ContractStoreOptions {
  /** The store's clock (decides which tiers still hold a range). */
  nowMs: () => number;
  tiers?: readonly Tier[];
  maxSeriesPerMetric?: number;
}

/**
 * Behaviour every Store backend must share. A backend's test file calls this with a factory returning a fresh,
 * empty store per call; the suite closes each store after its test.
 */
export function describeStoreContract(name: string, openStore: (options: ContractStoreOptions) => Promise<Store>) {
  describe(`Store contract: ${name}`, () => {
    let now = T0;
    const opened: Store[] = [];
    const open = async (options: Partial<ContractStoreOptions> = {}) => {
      const store = await openStore({ nowMs: () => now, ...options });
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
      now = T0;
    });

    /** One point of `count` latencies every 10 s for `minutes`, from T0 + `offsetMs`. */
    const steadyPoints = (minutes: number, offsetMs = 0, seed = 1): MetricPoint[] => {
      const random = rng(seed);
      const route = series('/products/:id');
      return Array.from({ length: minutes * 6 }, (_, k) =>
        histogramPoint(route, T0 + offsetMs + k * 10 * SECOND, latencies(random, 1 + Math.floor(random() * 8))),
      );
    };

    it('merges histograms into every tier so each tier equals recording everything', async () => {
      now = T0 + 2 * HOUR;
      const store = await open();
      const points = steadyPoints(60);
      expect(await store.write(points)).toEqual({ written: 360, overflowed: 0, rejected: 0 });
      const all = histogramOf([]);
      for (const p of points) all.merge(p.histogram!);
      const [ref] = await store.findSeries({ metric: 'http.server.request.duration' });
      const query = { seriesIds: [ref!.id], fromMs: T0, toMs: T0 + HOUR };

      const tenSeconds = await store.readSteps({ ...query, stepMs: 10 * SECOND });
      expect(tenSeconds.map((a) => a.count)).toEqual(points.map((p) => p.histogram!.count));
      const minutes = await store.readSteps({ ...query, stepMs: MINUTE });
      expect(minutes.map((a) => a.startMs)).toEqual(Array.from({ length: 60 }, (_, i) => T0 + i * MINUTE));
      const [hour] = await store.readSteps({ ...query, stepMs: HOUR });
      expect(hour!.count).toBe(all.count);
      expect(hour!.min).toBe(all.min);
      expect(hour!.max).toBe(all.max);
      expectSameHistogram(hour!.histogram, all);
      const [merged] = await store.readMerged(query);
      expect(merged).toMatchObject({ seriesId: ref!.id, startMs: T0, count: all.count, last: null });
      expectSameHistogram(merged!.histogram, all);
    });

    it('merges points from several instances of one service exactly, within and across writes', async () => {
      now = T0 + HOUR;
      const store = await open();
      const random = rng(7);
      const route = series('/cart');
      const parts = Array.from({ length: 6 }, () => latencies(random, 40));
      await store.write([histogramPoint(route, T0 + 1_000, parts[0]!), histogramPoint(route, T0 + 2_000, parts[1]!)]);
      for (const part of parts.slice(2)) await store.write([histogramPoint(route, T0 + 9_000, part)]);
      const expected = histogramOf(parts.flat());
      const [ref] = await store.findSeries({ metric: route.metric, attributes: { 'http.route': '/cart' } });
      for (const stepMs of [10 * SECOND, MINUTE, HOUR]) {
        const [bucket] = await store.readSteps({ seriesIds: [ref!.id], fromMs: T0, toMs: T0 + HOUR, stepMs });
        expect(bucket!.count).toBe(240);
        expectSameHistogram(bucket!.histogram, expected);
      }
    });

    it('keeps concurrent writes separate in their results and exact in the stored buckets', async () => {
      now = T0 + HOUR;
      const store = await open({ maxSeriesPerMetric: 2 });
      const [a, b, c] = ['/a', '/b', '/c'].map((r) => series(r)) as [
        SeriesDescriptor,
        SeriesDescriptor,
        SeriesDescriptor,
      ];
      const results = await Promise.all([
        store.write([histogramPoint(a, T0, [0.1]), histogramPoint(b, T0, [0.2])]),
        store.write([histogramPoint(a, T0 + 20 * SECOND, [0.3]), histogramPoint(c, T0, [0.4])]),
        store.write([histogramPoint(a, Number.NaN, [0.5])]),
      ]);
      expect(results).toEqual([
        { written: 2, overflowed: 0, rejected: 0 },
        { written: 2, overflowed: 1, rejected: 0 },
        { written: 0, overflowed: 0, rejected: 1 },
      ]);
      const [ref] = await store.findSeries({ metric: a.metric, attributes: { 'http.route': '/a' } });
      const [merged] = await store.readMerged({ seriesIds: [ref!.id], fromMs: T0, toMs: T0 + MINUTE });
      expectSameHistogram(merged!.histogram, histogramOf([0.1, 0.3]));
    });

    it('adds sums and keeps the newest gauge sample, whatever the write order', async () => {
      now = T0 + HOUR;
      const store = await open();
      const requests = series('/x', { metric: 'http.server.requests', kind: 'sum', unit: '{request}' });
      const heap = series('/x', { metric: 'process.heap.used', kind: 'gauge', unit: 'By' });
      await store.write([valuePoint(requests, T0 + 5_000, 3), valuePoint(heap, T0 + 45_000, 200)]);
      await store.write([valuePoint(requests, T0 + 15_000, 4), valuePoint(heap, T0 + 5_000, 100)]);
      await store.write([valuePoint(heap, T0 + 25_000, 300)]);
      const [sum] = await store.findSeries({ metric: 'http.server.requests' });
      const [gauge] = await store.findSeries({ metric: 'process.heap.used' });
      const [s, g] = await store.readMerged({ seriesIds: [sum!.id, gauge!.id], fromMs: T0, toMs: T0 + MINUTE });
      expect(s).toMatchObject({ count: 2, sum: 7, min: 3, max: 4, histogram: null });
      expect(g).toMatchObject({ count: 3, sum: 600, min: 100, max: 300, last: 200 });
      const [minute] = await store.readSteps({ seriesIds: [gauge!.id], fromMs: T0, toMs: T0 + MINUTE, stepMs: MINUTE });
      expect(minute!.last).toBe(200);
    });

    it('tiles readMerged with coarse buckets yet answers exactly as the 10 s tier would', async () => {
      now = T0 + 4 * HOUR;
      const store = await open();
      await store.write(steadyPoints(180, 3 * SECOND));
      const [ref] = await store.findSeries({ metric: 'http.server.request.duration' });
      const random = rng(3);
      const ranges = [
        [T0, T0 + 3 * HOUR],
        [T0 - 59 * MINUTE - 35 * SECOND, T0 + 2 * HOUR + 61 * MINUTE + 5 * SECOND],
        ...Array.from({ length: 20 }, () => {
          const from = T0 + Math.floor(random() * 3 * HOUR);
          return [from, from + Math.floor(random() * (T0 + 3 * HOUR - from))];
        }),
      ];
      for (const [fromMs, toMs] of ranges as [number, number][]) {
        const query = { seriesIds: [ref!.id], fromMs, toMs };
        const [tiled] = await store.readMerged(query);
        const direct = mergeAggregates(await store.readSteps({ ...query, stepMs: 10 * SECOND }));
        expect({ ...tiled, histogram: null }).toMatchObject({ count: direct.count, min: direct.min, max: direct.max });
        expect(tiled!.sum).toBeCloseTo(direct.sum, 9);
        if (direct.count > 0) expectSameHistogram(tiled!.histogram, direct.histogram);
      }
    });

    it('reads edges the 10 s tier no longer holds from the 1 m bucket that contains them', async () => {
      const store = await open();
      const points = steadyPoints(120);
      await store.write(points);
      now = T0 + 49 * HOUR; // the 10 s tier holds buckets from T0 + 1 h on
      await store.applyRetention(now);
      const [ref] = await store.findSeries({ metric: 'http.server.request.duration' });
      const countIn = (fromMs: number, toMs: number) =>
        points.filter((p) => p.timeMs >= fromMs && p.timeMs < toMs).reduce((n, p) => n + p.histogram!.count, 0);
      const read = async (fromMs: number, toMs: number) =>
        (await store.readMerged({ seriesIds: [ref!.id], fromMs, toMs }))[0]!.count;
      // Both edges expired: widen to the containing minutes.
      expect(await read(T0 + 35 * SECOND, T0 + 50 * MINUTE + 25 * SECOND)).toBe(countIn(T0, T0 + 51 * MINUTE));
      // Left edge expired, right edge still at 10 s resolution.
      const right = T0 + 90 * MINUTE + 25 * SECOND;
      expect(await read(T0 + 30 * MINUTE + 35 * SECOND, right)).toBe(countIn(T0 + 30 * MINUTE, right + 5 * SECOND));
    });

    it('aligns readSteps buckets to the step and grows the step where fine tiers expired', async () => {
      const store = await open();
      await store.write(steadyPoints(180, 5 * SECOND));
      const [ref] = await store.findSeries({ metric: 'http.server.request.duration' });
      const steps = async (fromMs: number, toMs: number, stepMs: number) =>
        (await store.readSteps({ seriesIds: [ref!.id], fromMs, toMs, stepMs })).map((a) => a.startMs - T0);
      now = T0 + 3 * HOUR;
      const fiveMinutes = await steps(T0 + 7 * MINUTE + 13 * SECOND, T0 + 62 * MINUTE, 5 * MINUTE);
      expect(fiveMinutes).toEqual(Array.from({ length: 12 }, (_, i) => (i + 1) * 5 * MINUTE));
      expect(await steps(T0 + 65 * SECOND, T0 + 125 * SECOND, 15 * SECOND)).toEqual(
        [60, 80, 100, 120].map((s) => s * SECOND),
      );
      now = T0 + 49 * HOUR;
      await store.applyRetention(now);
      expect(await steps(T0 + 65 * SECOND, T0 + 125 * SECOND, 10 * SECOND)).toEqual([MINUTE, 2 * MINUTE]);
    });

    it('merges each group of series per step exactly as readSteps of its series would', async () => {
      now = T0 + 3 * HOUR;
      const store = await open();
      const random = rng(11);
      const routes = ['/a', '/b', '/c'].map((r) => series(r));
      await store.write(
        routes.flatMap((r, i) =>
          Array.from({ length: 90 }, (_, k) =>
            histogramPoint(r, T0 + k * 20 * SECOND + i * SECOND, latencies(random, 1 + (k % 5))),
          ),
        ),
      );
      const heap = series('/x', { metric: 'process.heap.used', kind: 'gauge', unit: 'By' });
      const requests = series('/x', { metric: 'http.server.requests', kind: 'sum', unit: '{request}' });
      await store.write([
        valuePoint(heap, T0 + 65_000, 1),
        valuePoint(heap, T0 + 61_000, 7),
        valuePoint(heap, T0 + 5_000, 3),
        valuePoint(requests, T0 + 5_000, 2),
        valuePoint(requests, T0 + 125_000, 5),
      ]);
      const ids = (await store.findSeries({ metric: 'http.server.request.duration' })).map((r) => r.id);
      const [gauge] = await store.findSeries({ metric: 'process.heap.used' });
      const [sum] = await store.findSeries({ metric: 'http.server.requests' });
      const groups = [[ids[0]!, ids[1]!], [ids[2]!], [gauge!.id], [sum!.id, ids[2]!]];
      for (const stepMs of [10 * SECOND, 5 * MINUTE, HOUR]) {
        const range = { fromMs: T0 + 7 * SECOND, toMs: T0 + 31 * MINUTE, stepMs };
        const merged = await store.readGroupSteps({ groups, ...range });
        expect(merged).toHaveLength(groups.length);
        for (const [g, group] of groups.entries()) {
          const perSeries = await store.readSteps({ seriesIds: group, ...range });
          const starts = [...new Set(perSeries.map((a) => a.startMs))].sort((a, b) => a - b);
          expect(merged[g]!.map((a) => a.startMs)).toEqual(starts);
          for (const got of merged[g]!) {
            const parts = perSeries.filter((a) => a.startMs === got.startMs);
            const expected = mergeAggregates(parts);
            expect(got).toMatchObject({
              seriesId: group[0],
              count: expected.count,
              min: expected.min,
              max: expected.max,
            });
            expect(got.sum).toBeCloseTo(expected.sum, 9);
            if (group.includes(gauge!.id)) expect(got.last).toBe(parts[0]!.last);
            if (expected.histogram.count > 0) expectSameHistogram(got.histogram, expected.histogram);
            else expect(got.histogram).toBeNull();
          }
        }
      }
      expect(
        (await store.readGroupSteps({ groups, fromMs: T0, toMs: T0 + HOUR, stepMs: MINUTE }))[2]![1],
      ).toMatchObject({
        startMs: T0 + MINUTE,
        last: 1,
      });
    });

    it('folds attribute sets beyond the cap into one overflow series per metric', async () => {
      now = T0 + HOUR;
      const store = await open({ maxSeriesPerMetric: 3 });
      const routes = ['/a', '/b', '/c', '/d', '/e'].map((r) => series(r));
      const first = await store.write([
        ...routes.map((r) => histogramPoint(r, T0, [0.1])),
        histogramPoint(routes[0]!, T0, [0.2]),
      ]);
      expect(first).toEqual({ written: 6, overflowed: 2, rejected: 0 });
      expect(await store.write([histogramPoint(series('/f'), T0, [0.3, 0.4])])).toMatchObject({ overflowed: 1 });
      const other = series('/a', { service: 'billing' });
      expect(await store.write([histogramPoint(other, T0, [0.1])])).toMatchObject({ overflowed: 0 });
      const shop = await store.findSeries({ metric: routes[0]!.metric, service: 'shop' });
      expect(shop.map((s) => s.attributes['http.route'] ?? 'overflow').sort()).toEqual(['/a', '/b', '/c', 'overflow']);
      const overflow = shop.find((s) => s.attributes['otel.metric.overflow'] === 'true')!;
      expect(overflow.attributes).toEqual(OVERFLOW_ATTRIBUTES);
      const [merged] = await store.readMerged({ seriesIds: [overflow.id], fromMs: T0, toMs: T0 + MINUTE });
      expect(merged!.count).toBe(4);
    });

    it('rejects invalid points and kind changes but keeps the rest of the write', async () => {
      now = T0 + HOUR;
      const store = await open();
      const route = series('/ok');
      const result = await store.write([
        histogramPoint(route, T0, [0.1]),
        histogramPoint(route, Number.NaN, [0.1]),
        { series: route, timeMs: T0 },
        valuePoint({ ...route, kind: 'sum' }, T0, 1),
        valuePoint(series('/g', { kind: 'gauge' }), T0, Number.POSITIVE_INFINITY),
      ]);
      expect(result).toEqual({ written: 1, overflowed: 0, rejected: 4 });
      const [ref] = await store.findSeries({ metric: route.metric, attributes: { 'http.route': '/ok' } });
      expect(ref!.kind).toBe('histogram');
      const [agg] = await store.readMerged({ seriesIds: [ref!.id], fromMs: T0, toMs: T0 + MINUTE });
      expect(agg!.count).toBe(1);
    });

    it('finds series by service and attributes and lists services', async () => {
      now = T0 + HOUR;
      const store = await open();
      await store.write([
        histogramPoint(series('/a'), T0, [0.1]),
        histogramPoint(series('/b', { attributes: { 'http.request.method': 'POST', 'http.route': '/b' } }), T0, [0.1]),
        histogramPoint(series('/a', { service: 'api' }), T0, [0.1]),
      ]);
      const metric = 'http.server.request.duration';
      expect(await store.listServices()).toEqual(['api', 'shop']);
      expect(await store.findSeries({ metric })).toHaveLength(3);
      expect(await store.findSeries({ metric, service: 'shop' })).toHaveLength(2);
      const posts = await store.findSeries({ metric, attributes: { 'http.request.method': 'POST' } });
      expect(posts.map((s) => s.attributes['http.route'])).toEqual(['/b']);
      expect(await store.findSeries({ metric: 'nope' })).toEqual([]);
      const [none] = await store.readMerged({ seriesIds: [posts[0]!.id], fromMs: T0 + HOUR, toMs: T0 + 2 * HOUR });
      expect(none).toMatchObject({ count: 0, histogram: null, last: null });
    });

    it('deletes buckets past each tier retention and still answers from the coarser tiers', async () => {
      const store = await open();
      const route = series('/r');
      const points = Array.from({ length: 432 }, (_, k) => histogramPoint(route, T0 + k * 10 * MINUTE, [0.05]));
      await store.write(points);
      now = T0 + 3 * DAY;
      expect(await store.applyRetention(now)).toEqual({ deleted: 144 });
      expect(await store.applyRetention(now)).toEqual({ deleted: 0 });
      const [ref] = await store.findSeries({ metric: route.metric });
      const [all] = await store.readMerged({ seriesIds: [ref!.id], fromMs: T0, toMs: T0 + 3 * DAY });
      expect(all!.count).toBe(432);
      const early = await store.readSteps({ seriesIds: [ref!.id], fromMs: T0, toMs: T0 + HOUR, stepMs: 10 * SECOND });
      expect(early.map((a) => a.startMs - T0)).toEqual([0, 10, 20, 30, 40, 50].map((m) => m * MINUTE));
    });

    it('creates, finds, lists and revokes API tokens', async () => {
      const store = await open();
      const token = {
        id: 't1',
        name: 'ci',
        role: 'viewer' as const,
        hash: 'ab'.repeat(32),
        createdAt: T0,
        revokedAt: null,
      };
      await store.tokens.create(token);
      await store.tokens.create({ ...token, id: 't2', hash: 'cd'.repeat(32), role: 'admin', createdAt: T0 + 1 });
      await expect(store.tokens.create({ ...token, id: 't3' })).rejects.toThrow();
      expect(await store.tokens.findByHash(token.hash)).toEqual(token);
      expect(await store.tokens.findByHash('ff')).toBeNull();
      expect(await store.tokens.revoke('t1', T0 + 5)).toBe(true);
      expect(await store.tokens.revoke('t1', T0 + 6)).toBe(false);
      expect(await store.tokens.revoke('missing', T0 + 6)).toBe(false);
      const listed = await store.tokens.list();
      expect(listed.map((t) => [t.id, t.revokedAt])).toEqual([
        ['t1', T0 + 5],
        ['t2', null],
      ]);
    });

    it('answers ping while open and refuses work after close', async () => {
      const store = await open();
      expect(await store.ping()).toBe(true);
      await store.close();
      expect(await store.ping()).toBe(false);
      await expect(store.write([])).rejects.toBeInstanceOf(StoreClosedError);
      await expect(store.tokens.list()).rejects.toBeInstanceOf(StoreClosedError);
    });
  });
}
