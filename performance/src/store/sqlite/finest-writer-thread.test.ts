import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { OverloadedError } from '../../ingest/overloaded-error.js';
import { DEFAULT_TIERS } from '../store.js';
import { describeStoreContract } from '../store-contract.js';
import {
  expectSameHistogram,
  HOUR,
  histogramOf,
  histogramPoint,
  MINUTE,
  series,
  T0,
} from '../store-contract-fixtures.js';
import { FinestWriterThread } from './finest-writer-thread.js';
import { migrate } from './migrate.js';
import { PointWriter } from './point-writer.js';
import { openSqliteStore, sqliteStorePath } from './sqlite-store.js';

const dirs: string[] = [];
const tempPath = () => {
  const dir = mkdtempSync(join(tmpdir(), 'stride-writer-thread-'));
  dirs.push(dir);
  return sqliteStorePath(join(dir, 'data'));
};
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// Everything a store promises holds with the finest-tier commits on the writer thread.
describeStoreContract('sqlite file, writer thread', async (options) =>
  openSqliteStore({ path: tempPath(), writerThread: true, ...options }),
);

describe('SQLite store with a writer thread', () => {
  const opened: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  it('commits each write durably before it resolves, in order, and keeps every tier exact', async () => {
    const path = tempPath();
    const nowMs = () => T0 + HOUR;
    const store = openSqliteStore({ path, nowMs, writerThread: true, rollupFlushIntervalMillis: 0 });
    opened.push(store);
    const d = series('/cart');
    const writes = Array.from({ length: 12 }, (_, i) =>
      store.write([histogramPoint(d, T0 + i * 10_000, [0.01 * (i + 1), 0.2])]),
    );
    const results = await Promise.all(writes);
    expect(results.every((r) => r.written === 1)).toBe(true);
    expect(store.stats().writeQueue).toEqual({ queuedPoints: 0, inFlight: 0, rejected: 0 });
    // Durable: another connection sees every finest part, numbered by consecutive write sequences.
    const other = new Database(path, { readonly: true });
    const parts = other.prepare('SELECT part FROM points_10s ORDER BY start_ms').pluck().all() as number[];
    expect(parts).toHaveLength(12);
    expect([...parts].sort((a, b) => a - b)).toEqual(parts);
    expect(other.prepare('SELECT count(*) FROM rollup_pending').pluck().get()).toBeGreaterThan(0);
    other.close();
    const [ref] = await store.findSeries({ metric: d.metric });
    const all = Array.from({ length: 12 }, (_, i) => [0.01 * (i + 1), 0.2]).flat();
    const [minute] = await store.readMerged({ seriesIds: [ref!.id], fromMs: T0, toMs: T0 + 2 * MINUTE });
    expectSameHistogram(minute!.histogram!, histogramOf(all));
    // A flush merges the buffered deltas and clears the recovery entries of acknowledged writes.
    store.flushRollups();
    const after = new Database(path, { readonly: true });
    expect(after.prepare('SELECT count(*) FROM rollup_pending').pluck().get()).toBe(0);
    after.close();
    const [again] = await store.readMerged({ seriesIds: [ref!.id], fromMs: T0, toMs: T0 + 2 * MINUTE });
    expectSameHistogram(again!.histogram!, histogramOf(all));
  });

  it('commits accepted writes on close, and a reopened store reads them', async () => {
    const path = tempPath();
    const nowMs = () => T0 + HOUR;
    const store = openSqliteStore({ path, nowMs, writerThread: true, rollupFlushIntervalMillis: 0 });
    const d = series('/close');
    const pending = store.write([histogramPoint(d, T0 + 5_000, [0.5])]);
    await store.close();
    expect((await pending).written).toBe(1);
    const reopened = openSqliteStore({ path, nowMs });
    opened.push(reopened);
    const [ref] = await reopened.findSeries({ metric: d.metric });
    const [hour] = await reopened.readMerged({ seriesIds: [ref!.id], fromMs: T0, toMs: T0 + HOUR });
    expect(hour!.count).toBe(1);
  });
});

describe('FinestWriterThread', () => {
  const open = (maxQueuedPoints: number) => {
    const path = tempPath();
    mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    migrate(db);
    const writer = new PointWriter(db, DEFAULT_TIERS);
    const thread = new FinestWriterThread({ path, sql: writer.finestSql, maxQueuedPoints, retryAfterSeconds: 3 });
    return { db, thread };
  };
  const part = (seriesId: number, startMs: number) => ({
    seriesId,
    startMs,
    count: 1,
    sum: 2,
    min: 2,
    max: 2,
    last: 2,
    lastMs: startMs + 1,
    hist: null,
  });

  it('rejects a batch beyond maxQueuedPoints at once with OverloadedError (Retry-After), counting it', async () => {
    const { db, thread } = open(100);
    const first = thread.append([part(1, T0)], [T0], T0, 60);
    const second = thread.append([part(2, T0)], [T0], T0, 60); // 60 + 60 > 100: refused, not queued
    await expect(second).rejects.toBeInstanceOf(OverloadedError);
    await expect(second).rejects.toMatchObject({ retryAfterSeconds: 3 });
    expect(thread.stats()).toMatchObject({ queuedPoints: 60, rejected: 60 });
    expect(await first).toEqual({ seq: 1 });
    // Room again once the first batch committed; a batch larger than the bound alone still goes (never starved).
    expect(await thread.append([part(3, T0)], [], Number.NaN, 500)).toEqual({ seq: 2 });
    expect(thread.stats()).toEqual({ queuedPoints: 0, inFlight: 0, rejected: 60 });
    const rows = db.prepare('SELECT series_id, part, last, last_ms, hist FROM points_10s ORDER BY series_id').all();
    expect(rows).toEqual([
      { series_id: 1, part: 1, last: 2, last_ms: T0 + 1, hist: null },
      { series_id: 3, part: 2, last: 2, last_ms: T0 + 1, hist: null },
    ]);
    expect(db.prepare('SELECT seq, start_ms FROM rollup_pending').all()).toEqual([{ seq: 1, start_ms: T0 }]);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'latest_point_ms'").pluck().get()).toBe(String(T0));
    await thread.close();
    db.close();
  });

  it('fails a batch whose transaction fails without stopping later ones', async () => {
    const { db, thread } = open(1000);
    const duplicate = [part(1, T0), part(1, T0)]; // same (bucket, series, part): the primary key refuses it
    await expect(thread.append(duplicate, [], Number.NaN, 2)).rejects.toThrow(/finest-tier write failed/);
    expect(await thread.append([part(1, T0)], [], Number.NaN, 1)).toEqual({ seq: 1 }); // rolled back: seq reused
    await thread.close();
    db.close();
  });
});
