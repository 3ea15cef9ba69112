import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExponentialHistogram } from '@stride/agent';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MetricPoint } from '../../ingest/points.js';
import {
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
} from '../store-contract-fixtures.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';

const METRIC = 'http.server.request.duration';
const route = series('/r');

/** One point every 10 s from T0 for `minutes`, with `count` random latencies each. */
function steady(minutes: number, seed = 1, count = 3): MetricPoint[] {
  const random = rng(seed);
  return Array.from({ length: minutes * 6 }, (_, k) =>
    histogramPoint(route, T0 + k * 10 * SECOND, latencies(random, count)),
  );
}

describe('SQLite store: write-behind rollups and the merged-range cache', () => {
  const opened: SqliteStore[] = [];
  const dirs: string[] = [];
  const open = (options: Partial<Parameters<typeof openSqliteStore>[0]> = {}) => {
    const store = openSqliteStore({ path: ':memory:', nowMs: () => T0 + 30 * HOUR, ...options });
    opened.push(store);
    return store;
  };
  const tempPath = () => {
    const dir = mkdtempSync(join(tmpdir(), 'stride-rollup-'));
    dirs.push(dir);
    return join(dir, 'stride.db');
  };
  afterEach(async () => {
    vi.useRealTimers();
    await Promise.all(opened.splice(0).map((s) => s.close()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const seriesId = async (store: SqliteStore) => (await store.findSeries({ metric: METRIC }))[0]!.id;
  /** The same range read from 10 s buckets only: what every tiled read must equal. */
  const direct = async (store: SqliteStore, fromMs: number, toMs: number) =>
    mergeAggregates(await store.readSteps({ seriesIds: [await seriesId(store)], fromMs, toMs, stepMs: 10 * SECOND }));
  const expectExact = async (store: SqliteStore, fromMs: number, toMs: number) => {
    const [tiled] = await store.readMerged({ seriesIds: [await seriesId(store)], fromMs, toMs });
    const expected = await direct(store, fromMs, toMs);
    expect({ count: tiled!.count, min: tiled!.min, max: tiled!.max }).toEqual({
      count: expected.count,
      min: expected.min,
      max: expected.max,
    });
    if (expected.count > 0) expectSameHistogram(tiled!.histogram, expected.histogram);
    return tiled!;
  };

  it('regression: a late write into a closed, cached hour is visible on the next read', async () => {
    const store = open();
    await store.write(Array.from({ length: 24 }, (_, h) => histogramPoint(route, T0 + h * HOUR + 60_000, [0.1])));
    const id = await seriesId(store);
    const window = { seriesIds: [id], fromMs: T0 + 2 * HOUR, toMs: T0 + 26 * HOUR };
    expect((await store.readMerged(window))[0]!.count).toBe(22);
    expect((await store.readMerged(window))[0]!.count).toBe(22);
    expect(store.stats().cache).toMatchObject({ hits: 1, misses: 1 });

    await store.write([histogramPoint(route, T0 + 5 * HOUR + 10 * SECOND, [7])]); // late data, closed hour
    const [after] = await store.readMerged(window);
    expect(after!.count).toBe(23);
    expect(after!.max).toBe(7);
    expectSameHistogram(after!.histogram, histogramOf([...Array(22).fill(0.1), 7]));
    expect(store.stats().cache!.invalidations).toBe(1);
  });

  it('reads exactly while coarse deltas are buffered, after they are flushed, and from the cache', async () => {
    const store = open({ nowMs: () => T0 + 4 * HOUR });
    await store.write(steady(180));
    expect(store.stats().pendingRollups).toBe(180);
    const random = rng(5);
    const ranges: [number, number][] = [
      [T0 + 5 * MINUTE + 25 * SECOND, T0 + 3 * HOUR], // left edge as a difference
      [T0 + 37 * MINUTE + 23 * SECOND, T0 + 2 * HOUR + 37 * MINUTE + 23 * SECOND], // a sliding window
      ...Array.from({ length: 10 }, (): [number, number] => {
        const from = T0 + Math.floor(random() * 3 * HOUR);
        return [from, from + Math.floor(random() * (T0 + 3 * HOUR - from))];
      }),
    ];
    for (const [fromMs, toMs] of ranges) await expectExact(store, fromMs, toMs);
    store.flushRollups();
    expect(store.stats().pendingRollups).toBe(0);
    for (const [fromMs, toMs] of ranges) await expectExact(store, fromMs, toMs);
    expect(store.stats().cache!.hits).toBeGreaterThan(0);
  });

  it('falls back to reading an edge directly when the difference could be wrong (extremes outside the range)', async () => {
    const store = open({ nowMs: () => T0 + 4 * HOUR });
    // Every point spans 0.01–0.19 s, so every bucket settles at one scale and only min/max can tell the parts apart.
    const random = rng(2);
    const points = Array.from({ length: 1080 }, (_, k) =>
      histogramPoint(route, T0 + k * 10 * SECOND, [0.01, 0.19, 0.01 + random() * 0.18]),
    );
    points[13] = histogramPoint(route, T0 + 2 * MINUTE + 10 * SECOND, [0.2, 0.009]); // outside: the hour's extremes
    await store.write(points);
    const [whole] = await store.readMerged({ seriesIds: [await seriesId(store)], fromMs: T0, toMs: T0 + HOUR });
    const tiled = await expectExact(store, T0 + 5 * MINUTE + 25 * SECOND, T0 + 3 * HOUR);
    expect(tiled.histogram!.scale).toBe(whole!.histogram!.scale);
    expect([tiled.min, tiled.max]).toEqual([0.01, 0.19]);

    // Outside data recorded at a coarse scale (another producer): the hour took on that scale, the range must not.
    const coarse = new ExponentialHistogram({ maxScale: 1 });
    coarse.record(0.05);
    await store.write([{ series: route, timeMs: T0 + HOUR + MINUTE, histogram: coarse }]);
    const fine = await expectExact(store, T0 + HOUR + 5 * MINUTE + 25 * SECOND, T0 + 3 * HOUR);
    expect(fine.histogram!.scale).toBeGreaterThan(1);
  });

  it('buffers backfilled points too, and flushes them before retention deletes their 10 s parts', async () => {
    const store = open({ nowMs: () => T0 + 60 * HOUR });
    await store.write([histogramPoint(route, T0 + 30 * SECOND, [0.2]), histogramPoint(route, T0 + 59 * HOUR, [0.3])]);
    expect(store.stats().pendingRollups).toBe(2);
    await store.applyRetention(T0 + 60 * HOUR);
    expect(store.stats().pendingRollups).toBe(0);
    const [old] = await store.readMerged({ seriesIds: [await seriesId(store)], fromMs: T0, toMs: T0 + HOUR });
    expect(old!.count).toBe(1);
  });

  it('lets only one store per file buffer: a second one writes through, and the first stops buffering', async () => {
    const path = tempPath();
    const first = openSqliteStore({ path, nowMs: () => T0 + HOUR, rollupFlushIntervalMillis: 0 });
    const second = openSqliteStore({ path, nowMs: () => T0 + HOUR, rollupFlushIntervalMillis: 0 });
    opened.push(first, second);
    await first.write([histogramPoint(route, T0, [0.1])]);
    expect(first.stats().pendingRollups).toBe(1);
    await second.write([histogramPoint(route, T0 + 1_000, [0.2])]);
    expect(second.stats().pendingRollups).toBe(0);
    await first.write([histogramPoint(route, T0 + 2_000, [0.3])]); // sees the other writer: flushes, writes through
    expect(first.stats().pendingRollups).toBe(0);
    const [hour] = await second.readSteps({
      seriesIds: [await seriesId(second)],
      fromMs: T0,
      toMs: T0 + HOUR,
      stepMs: HOUR,
    });
    expectSameHistogram(hour!.histogram, histogramOf([0.1, 0.2, 0.3]));
  });

  it('flushes buffered deltas on its timer and before retention deletes anything', async () => {
    vi.useFakeTimers();
    const store = open({ rollupFlushIntervalMillis: 1_000, nowMs: () => T0 + HOUR });
    await vi.advanceTimersByTimeAsync(0);
    const write = store.write(steady(2));
    await vi.advanceTimersByTimeAsync(0);
    await write;
    expect(store.stats().pendingRollups).toBe(2);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(store.stats().pendingRollups).toBe(0);
    const late = store.write(steady(1, 3));
    await vi.advanceTimersByTimeAsync(0);
    await late;
    expect(store.stats().pendingRollups).toBe(1);
    await store.applyRetention(T0 + HOUR);
    expect(store.stats().pendingRollups).toBe(0);
  });

  it('has every point stored when write() resolves: a crash with buffered deltas is rebuilt from the 10 s tier', async () => {
    const path = tempPath();
    const nowMs = () => T0 + 2 * HOUR;
    const live = openSqliteStore({ path, nowMs, rollupFlushIntervalMillis: 0 });
    opened.push(live);
    const points = steady(90, 4);
    await live.write(points.slice(0, 300));
    live.flushRollups();
    await live.write(points.slice(300)); // these coarse deltas exist only in memory (and the 10 s tier)
    expect(live.stats().pendingRollups).toBeGreaterThan(0);

    // The files as a crash would leave them: committed WAL included, the process's memory gone.
    const crashed = tempPath();
    copyFileSync(path, crashed);
    if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${crashed}-wal`);

    const recovered = openSqliteStore({ path: crashed, nowMs, rollupFlushIntervalMillis: 0 });
    opened.push(recovered);
    expect(recovered.stats().pendingRollups).toBe(0);
    const all = histogramOf([]);
    for (const p of points) all.merge(p.histogram!);
    const id = await seriesId(recovered);
    for (const stepMs of [MINUTE, HOUR]) {
      const buckets = await recovered.readSteps({ seriesIds: [id], fromMs: T0, toMs: T0 + 2 * HOUR, stepMs });
      expect(buckets.reduce((n, b) => n + b.count, 0)).toBe(all.count);
      expectSameHistogram(mergeAggregates(buckets).histogram, all);
    }
    const raw = new Database(crashed, { readonly: true });
    expect(raw.prepare('SELECT count(*) FROM rollup_pending').pluck().get()).toBe(0);
    expect(raw.prepare('SELECT sum(count) FROM points_1h').pluck().get()).toBe(all.count);
    raw.close();
  });
});
