import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../ingest/points.js';
import type { Aggregate } from '../store.js';
import {
  DAY,
  expectSameHistogram,
  HOUR,
  histogramPoint,
  latencies,
  MINUTE,
  rng,
  SECOND,
  series,
  T0,
  valuePoint,
} from '../store-contract-fixtures.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';

const DAYS = 12;
const heap = series('/g', { metric: 'process.heap.used', kind: 'gauge', unit: 'By' });
const requests = series('/s', { metric: 'http.server.requests', kind: 'sum', unit: '{r}' });

/** Three routes (one sparse: every 7th hour only), a gauge and a sum, one point every 20 min over DAYS days. */
function history(): MetricPoint[] {
  const random = rng(9);
  const out: MetricPoint[] = [];
  for (let t = T0; t < T0 + DAYS * DAY; t += 20 * MINUTE) {
    out.push(histogramPoint(series('/a'), t, latencies(random, 3)));
    out.push(histogramPoint(series('/b'), t + SECOND, latencies(random, 1 + Math.floor(random() * 6))));
    if (Math.floor((t - T0) / HOUR) % 7 === 0) out.push(histogramPoint(series('/sparse'), t, latencies(random, 2)));
    out.push(valuePoint(heap, t + 2 * SECOND, random()), valuePoint(requests, t + 3 * SECOND, 2));
  }
  return out;
}

/** Ranges a dashboard asks: sliding windows, aligned days, a week, an odd span, one inside a block. */
const RANGES: [number, number][] = [
  [T0 + 10 * DAY + 13 * HOUR + 37 * MINUTE, T0 + 11 * DAY + 13 * HOUR + 37 * MINUTE],
  [T0 + 3 * DAY, T0 + 4 * DAY],
  [T0 + 4 * DAY + 5 * HOUR, T0 + 11 * DAY + 5 * HOUR + 20 * MINUTE],
  [T0 + 17 * HOUR, T0 + 19 * HOUR],
  [T0 - HOUR, T0 + DAYS * DAY],
];

describe('SQLite rollup blocks', () => {
  let now = T0 + DAYS * DAY;
  const dirs: string[] = [];
  const stores: SqliteStore[] = [];
  const open = (path: string, rollupBlocks = true) => {
    const store = openSqliteStore({ path, nowMs: () => now, rollupBlocks, rollupBlockIntervalMillis: 0 });
    stores.push(store);
    return store;
  };
  const tempPath = () => {
    const dir = mkdtempSync(join(tmpdir(), 'stride-blocks-'));
    dirs.push(dir);
    return join(dir, 'stride.db');
  };
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    now = T0 + DAYS * DAY;
  });

  const ids = async (store: SqliteStore) =>
    (
      await Promise.all(
        ['http.server.request.duration', 'process.heap.used', 'http.server.requests'].map((metric) =>
          store.findSeries({ metric }),
        ),
      )
    )
      .flat()
      .map((s) => s.id);
  const build = (store: SqliteStore) => {
    while (store.buildRollupBlocks(1_000));
  };
  /** Every range read from `store` equals the same read from `reference` (no blocks). */
  const expectSameReads = async (store: SqliteStore, reference: SqliteStore) => {
    for (const [fromMs, toMs] of RANGES) {
      const [got, expected] = await Promise.all(
        [store, reference].map(async (s) => s.readMerged({ seriesIds: await ids(s), fromMs, toMs })),
      );
      expect(got!.length).toBe(expected!.length);
      expected!.forEach((e: Aggregate, i) => {
        const g = got![i] as Aggregate;
        expect({ count: g.count, min: g.min, max: g.max, last: g.last }).toEqual({
          count: e.count,
          min: e.min,
          max: e.max,
          last: e.last,
        });
        expect(g.sum).toBeCloseTo(e.sum, 6);
        if (e.histogram === null) expect(g.histogram).toBeNull();
        else expectSameHistogram(g.histogram, e.histogram);
      });
    }
  };

  it('builds blocks in the background steps and reads through them exactly', async () => {
    const [store, reference] = [open(':memory:'), open(':memory:', false)];
    for (const s of [store, reference]) {
      await s.write(history());
      s.flushRollups();
    }
    expect(reference.buildRollupBlocks()).toBe(false);
    build(store);
    expect(store.stats().blocks!.blocksBuilt).toBeGreaterThan(100);
    await expectSameReads(store, reference);
    const { seriesFromBlocks, seriesFromBuckets } = store.stats().blocks!;
    // Four ranges hold blocks. The two dense routes read through them; the sparse route (its blocks are missing
    // where it had no data) and the gauge and sum (the newest sample needs each row) read buckets.
    expect(seriesFromBlocks).toBeGreaterThanOrEqual(2 * 4);
    expect(seriesFromBuckets).toBeLessThanOrEqual(3 * 4);
  });

  it('stays exact when late points land in built blocks, and rebuilds them', async () => {
    const path = tempPath();
    const [store, reference] = [open(path), open(':memory:', false)];
    for (const s of [store, reference]) {
      await s.write(history());
      s.flushRollups();
    }
    build(store);
    const late = [
      histogramPoint(series('/a'), T0 + 4 * DAY + 7 * HOUR + 5 * MINUTE, [9.5, 0.001]),
      histogramPoint(series('/sparse'), T0 + 9 * DAY + 2 * HOUR, [0.3]),
      valuePoint(heap, T0 + 5 * DAY + 3 * HOUR + 59 * MINUTE, 1e9),
    ];
    for (const s of [store, reference]) {
      await s.write(late);
      s.flushRollups(); // the coarse upserts fire the trigger: blocks holding those hours go, in that transaction
    }
    // A second late point in an hour already marked dirty (before the builder ran) must not fail the flush: inside
    // a trigger, the upsert's own conflict policy overrides an `INSERT OR IGNORE`.
    const again = [histogramPoint(series('/a'), T0 + 4 * DAY + 7 * HOUR + 9 * MINUTE, [0.02])];
    for (const s of [store, reference]) {
      await s.write(again);
      s.flushRollups();
    }
    expect(store.stats().rollupFlushFailures).toBe(0);
    expect(store.stats().pendingRollups).toBe(0);
    const db = new Database(path, { readonly: true });
    const dirty = () => db.prepare('SELECT count(*) FROM rollup_blocks_dirty').pluck().get();
    expect(dirty()).toBe(3);
    await expectSameReads(store, reference);
    build(store);
    expect(dirty()).toBe(0);
    await expectSameReads(store, reference);
    // Writes to the open hour are past the built range: no block to drop, nothing dirty.
    await store.write([histogramPoint(series('/a'), now - MINUTE, [0.1])]);
    store.flushRollups();
    expect(dirty()).toBe(0);
    db.close();
  });

  it('extends the blocks back over history written after the store started empty', async () => {
    const [store, reference] = [open(':memory:'), open(':memory:', false)];
    build(store); // nothing stored yet: the backfill is done at once
    for (const s of [store, reference]) {
      await s.write(history());
      s.flushRollups();
    }
    build(store);
    expect(store.stats().blocks!.blocksBuilt).toBeGreaterThan(100);
    await expectSameReads(store, reference);
    expect(store.stats().blocks!.seriesFromBlocks).toBeGreaterThanOrEqual(2 * 4);
  });

  it('replaces the triggers of a data dir made by an older version', async () => {
    const path = tempPath();
    await open(path).close();
    const db = new Database(path);
    const triggerSql = () =>
      db.prepare("SELECT sql FROM sqlite_master WHERE name = 'rollup_blocks_after_update'").pluck().get() as string;
    const current = triggerSql();
    db.exec(`DROP TRIGGER rollup_blocks_after_update;
      CREATE TRIGGER rollup_blocks_after_update AFTER UPDATE ON points_1h BEGIN SELECT 1; END;`);
    open(path);
    expect(triggerSql()).toBe(current);
    db.close();
  });

  it('drops blocks holding buckets that retention deletes', async () => {
    const [store, reference] = [open(':memory:'), open(':memory:', false)];
    for (const s of [store, reference]) {
      await s.write(history());
      s.flushRollups();
    }
    build(store);
    now = T0 + 400 * DAY + 3 * DAY + 5 * HOUR; // the 1 h tier keeps 400 days
    for (const s of [store, reference]) expect((await s.applyRetention(now)).deleted).toBeGreaterThan(0);
    await expectSameReads(store, reference);
  });

  it('adds the blocks to a data dir made without them and backfills its history', async () => {
    const path = tempPath();
    const before = open(path, false);
    await before.write(history());
    await before.close();
    const reference = open(':memory:', false);
    await reference.write(history());
    const store = open(path);
    build(store);
    expect(store.stats().blocks!.blocksBuilt).toBeGreaterThan(100);
    await expectSameReads(store, reference);
    expect(store.stats().blocks!.seriesFromBlocks).toBeGreaterThan(0);
  });
});
