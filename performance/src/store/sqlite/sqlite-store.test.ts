import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreConfigError } from '../errors.js';
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
import { openSqliteStore, sqliteStorePath } from './sqlite-store.js';

describeStoreContract('sqlite :memory:', async (options) => openSqliteStore({ path: ':memory:', ...options }));

describe('SQLite store on disk', () => {
  const dirs: string[] = [];
  const tempPath = () => {
    const dir = mkdtempSync(join(tmpdir(), 'stride-store-'));
    dirs.push(dir);
    return sqliteStorePath(join(dir, 'data'));
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('persists series, buckets and tokens across reopen, in WAL mode, with migrations recorded', async () => {
    const path = tempPath();
    const nowMs = () => T0 + HOUR;
    const first = openSqliteStore({ path, nowMs });
    await first.write([histogramPoint(series('/a'), T0, [0.1, 0.2])]);
    await first.tokens.create({ id: 't', name: 'n', role: 'editor', hash: 'h', createdAt: 1, revokedAt: null });
    await first.close();

    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT version FROM migrations').pluck().all()).toEqual([1, 2]);
    db.close();

    const second = openSqliteStore({ path, nowMs });
    const [ref] = await second.findSeries({ metric: 'http.server.request.duration' });
    await second.write([histogramPoint(series('/a'), T0 + 1, [0.3])]);
    const [agg] = await second.readMerged({ seriesIds: [ref!.id], fromMs: T0, toMs: T0 + MINUTE });
    expectSameHistogram(agg!.histogram, histogramOf([0.1, 0.2, 0.3]));
    expect((await second.tokens.findByHash('h'))?.role).toBe('editor');
    await second.close();
  });

  it('stays exact when two stores write the same buckets (in-memory buckets are re-checked)', async () => {
    const path = tempPath();
    const nowMs = () => T0 + HOUR;
    const a = openSqliteStore({ path, nowMs });
    const b = openSqliteStore({ path, nowMs });
    const values = [0.01, 0.02, 0.03, 0.04, 0.05, 0.06];
    const writers = [a, b, a, a, b, a];
    for (const [i, store] of writers.entries()) await store.write([histogramPoint(series('/a'), T0 + i, [values[i]!])]);
    const [ref] = await b.findSeries({ metric: 'http.server.request.duration' });
    for (const stepMs of [10_000, MINUTE, HOUR]) {
      const [bucket] = await a.readSteps({ seriesIds: [ref!.id], fromMs: T0, toMs: T0 + HOUR, stepMs });
      expect(bucket!.count).toBe(6);
      expectSameHistogram(bucket!.histogram, histogramOf(values));
    }
    await Promise.all([a.close(), b.close()]);
  });

  it('stays exact when in-memory buckets are evicted (re-reads the stored blob)', async () => {
    const store = openSqliteStore({ path: ':memory:', nowMs: () => T0 + HOUR, maxPendingRollups: 1 });
    const values = [0.01, 0.02, 0.03, 0.04];
    for (const [i, v] of values.entries()) {
      await store.write([
        histogramPoint(series('/a'), T0 + i * 10_000, [v]),
        histogramPoint(series('/b'), T0 + i, [v]),
      ]);
    }
    const refs = await store.findSeries({ metric: 'http.server.request.duration' });
    for (const agg of await store.readSteps({
      seriesIds: refs.map((r) => r.id),
      fromMs: T0,
      toMs: T0 + HOUR,
      stepMs: HOUR,
    })) {
      expect(agg.count).toBe(4);
      expectSameHistogram(agg.histogram, histogramOf(values));
    }
    await store.close();
  });

  it('refuses to reopen a database with a different tier layout', async () => {
    const path = tempPath();
    await openSqliteStore({ path }).close();
    const tiers = [{ ...DEFAULT_TIERS[0]!, stepMs: 5_000 }, ...DEFAULT_TIERS.slice(1)];
    expect(() => openSqliteStore({ path, tiers })).toThrow(StoreConfigError);
    const longer = DEFAULT_TIERS.map((t) => ({ ...t, retentionMs: t.retentionMs * 2 }));
    await openSqliteStore({ path, tiers: longer }).close();
  });

  it('rejects tiers that do not nest', () => {
    const [ten, minute, hour] = DEFAULT_TIERS as [
      (typeof DEFAULT_TIERS)[0],
      (typeof DEFAULT_TIERS)[0],
      (typeof DEFAULT_TIERS)[0],
    ];
    expect(() => openSqliteStore({ path: ':memory:', tiers: [minute, ten] })).toThrow(StoreConfigError);
    expect(() => openSqliteStore({ path: ':memory:', tiers: [ten, { ...minute, stepMs: 45_000 }] })).toThrow(
      /multiple/,
    );
    expect(() =>
      openSqliteStore({ path: ':memory:', tiers: [{ ...ten, retentionMs: 2 * hour.retentionMs }, hour] }),
    ).toThrow(/retention/);
    expect(() => openSqliteStore({ path: ':memory:', maxSeriesPerMetric: 0 })).toThrow(StoreConfigError);
  });
});
