import { afterEach, describe, expect, it } from 'vitest';
import type { MetricPoint } from '../ingest/points.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import { DAY, HOUR, histogramPoint, latencies, MINUTE, rng, series, T0 } from '../store/store-contract-fixtures.js';
import { HTTP_SERVER_DURATION } from './semconv.js';
import { createWindowWarmer } from './window-warmer.js';

const ROUTES = ['/a', '/b', '/c'];

/** Each route every 10 minutes over 3 days, and every minute from 10 minutes before `endMs` (live traffic). */
function history(endMs: number): MetricPoint[] {
  const random = rng(3);
  const out: MetricPoint[] = [];
  for (let t = endMs - 3 * DAY; t < endMs; t += t < endMs - 10 * MINUTE ? 10 * MINUTE : MINUTE) {
    for (const r of ROUTES) out.push(histogramPoint(series(r), t, latencies(random, 2)));
  }
  return out;
}

describe('window warmer', () => {
  const stores: SqliteStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });
  const open = (nowMs: () => number, mergedRangeCacheBytes?: number) => {
    const store = openSqliteStore({ path: ':memory:', nowMs, mergedRangeCacheBytes });
    stores.push(store);
    return store;
  };
  const openHour = T0 + 10 * DAY;
  const ids = async (store: SqliteStore) => (await store.findSeries({ metric: HTTP_SERVER_DURATION })).map((s) => s.id);

  it('merges the closed hours of each window once per hour, after the settle time, and reads stay exact', async () => {
    let now = openHour + MINUTE;
    const store = open(() => now);
    const reference = open(() => now, 0);
    for (const s of [store, reference]) await s.write(history(openHour + 3 * MINUTE));
    const warmer = createWindowWarmer({ store, windowsMs: [DAY], settleMs: 2 * MINUTE, seriesPerSlice: 2 });

    expect(await warmer.tick(now)).toBeNull(); // the hour closed a minute ago: late points may still come
    now = openHour + 3 * MINUTE;
    expect(await warmer.tick(now)).toEqual({ closedBeforeMs: openHour, series: 3, windows: 1 });
    expect(await warmer.tick(now + MINUTE)).toBeNull(); // done for this hour

    // A sliding "last 24 h" now finds its 23 closed hours cached: one hit per series, no miss for them.
    const before = store.stats().cache!;
    const sliding = { seriesIds: await ids(store), fromMs: now - DAY + 17 * 1000, toMs: now };
    const got = await store.readMerged(sliding);
    expect(got).toHaveLength(3);
    const after = store.stats().cache!;
    expect(after.hits - before.hits).toBe(3);
    const expected = await reference.readMerged({ ...sliding, seriesIds: await ids(reference) });
    expect(got.map((a) => a.count)).toEqual(expected.map((a) => a.count));
    expect(got.map((a) => a.histogram?.quantile(0.95))).toEqual(expected.map((a) => a.histogram?.quantile(0.95)));

    now = openHour + HOUR + 5 * MINUTE;
    expect(await warmer.tick(now)).toMatchObject({ closedBeforeMs: openHour + HOUR });
  });

  it('does nothing on an empty store', async () => {
    const store = open(() => openHour + 10 * MINUTE);
    expect(await createWindowWarmer({ store, windowsMs: [DAY] }).tick(openHour + 10 * MINUTE)).toBeNull();
  });

  it('does nothing without windows of at least two coarse buckets', async () => {
    const store = open(() => openHour + 10 * MINUTE);
    await store.write(history(openHour));
    const warmer = createWindowWarmer({ store, windowsMs: [HOUR, 90 * MINUTE] });
    expect(await warmer.tick(openHour + 10 * MINUTE)).toBeNull();
    expect(store.stats().cache!.entries).toBe(0);
  });
});
