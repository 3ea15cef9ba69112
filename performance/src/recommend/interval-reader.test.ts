import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import { histogramPoint, MINUTE, series, T0 } from '../store/store-contract-fixtures.js';
import { createIntervalReader, parseRouteKey, routeKey } from './interval-reader.js';

const statement = (text: string) => ({
  service: 'shop',
  metric: 'db.client.operation.duration',
  kind: 'histogram' as const,
  unit: 's',
  attributes: { 'db.query.text': text, 'db.system.name': 'postgresql' },
});

describe('interval reader', () => {
  const stores: SqliteStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  async function seeded() {
    const store = openSqliteStore({ path: ':memory:', nowMs: () => T0 + 60 * MINUTE, rollupFlushIntervalMillis: 0 });
    stores.push(store);
    const points = [];
    for (let i = 0; i < 10; i++) {
      const t = T0 + i * MINUTE + 30_000;
      // /a: 3 requests at 10, 20, 30 ms per minute; /b: one 100 ms request in odd minutes only.
      points.push(histogramPoint(series('/a'), t, [0.01, 0.02, 0.03]));
      if (i % 2 === 1) points.push(histogramPoint(series('/b'), t, [0.1]));
      points.push(histogramPoint(statement('SELECT 1'), t, [0.005, 0.005]));
    }
    await store.write(points);
    return store;
  }

  it('reads 1-minute p50/p95 per route, busiest first, leaving out minutes without data', async () => {
    const reader = createIntervalReader({ store: await seeded() });
    const routes = await reader.routes('shop', { fromMs: T0, toMs: T0 + 10 * MINUTE, nowMs: T0 + 60 * MINUTE });
    expect(routes.map((r) => [r.method, r.route, r.intervals.length])).toEqual([
      ['GET', '/a', 10],
      ['GET', '/b', 5],
    ]);
    const [a, b] = routes;
    expect(a!.stepMs).toBe(MINUTE);
    expect(a!.intervals[0]).toMatchObject({ t: T0, requests: 3 });
    expect(a!.intervals[0]!.p50Ms).toBeCloseTo(20, 0);
    expect(a!.intervals[0]!.p95Ms).toBeCloseTo(30, 0);
    expect(b!.intervals.map((v) => v.t)).toEqual([1, 3, 5, 7, 9].map((i) => T0 + i * MINUTE));
  });

  it('reads one side of a validation for a route, a statement and the whole service', async () => {
    const reader = createIntervalReader({ store: await seeded() });
    const window = { fromMs: T0 + 2 * MINUTE, toMs: T0 + 6 * MINUTE, nowMs: T0 + 60 * MINUTE };
    const route = await reader.side('shop', { type: 'route', method: 'GET', route: '/b' }, window);
    expect(route).toMatchObject({ fromMs: window.fromMs, toMs: window.toMs, count: 2 });
    expect(route.intervals.map((v) => v.t)).toEqual([T0 + 3 * MINUTE, T0 + 5 * MINUTE]);
    expect(route.histogram.reduce((n, b) => n + b.count, 0)).toBe(2);
    expect(route.p95Ms).toBeCloseTo(100, 0);

    const sql = await reader.side('shop', { type: 'statement', statement: 'SELECT 1' }, window);
    expect([sql.count, sql.intervals.length]).toEqual([8, 4]);
    expect(sql.p50Ms).toBeCloseTo(5, 1);

    const all = await reader.side('shop', { type: 'service' }, window);
    expect([all.count, all.intervals.length]).toEqual([4 * 3 + 2, 4]);
    expect(all.intervals[1]!.requests).toBe(4);

    const none = await reader.side('shop', { type: 'route', method: 'POST', route: '/a' }, window);
    expect(none).toMatchObject({ count: 0, intervals: [], histogram: [], p95Ms: null });
  });

  it('round-trips the `METHOD /route` key', () => {
    expect(parseRouteKey('GET /a')).toEqual({ method: 'GET', route: '/a' });
    expect(parseRouteKey(' /a')).toEqual({ method: null, route: '/a' });
    expect(parseRouteKey('GET ')).toEqual({ method: 'GET', route: null });
    expect(routeKey(null, '/x')).toBe(' /x');
  });
});
