import { ExponentialHistogram } from '@stride/agent';
import { describe, expect, it } from 'vitest';
import { type Aggregate, DEFAULT_TIERS, type SeriesQuery, type SeriesRef, type Store } from '../store/store.js';
import { createQueryService } from './query-service.js';

const T0 = 1_735_689_600_000;
const HOUR = 3_600_000;

interface StepRange {
  fromMs: number;
  toMs: number;
  stepMs: number;
}

interface StoredPoint {
  seriesId: number;
  timeMs: number;
  /** Seconds. */
  values: number[];
}

/** Just enough of a Store: series lookup and range/step reads over raw points. */
function fakeStore(series: SeriesRef[], points: StoredPoint[]) {
  const calls: { readSteps: number[]; groups: number[][][] } = { readSteps: [], groups: [] };
  const aggregate = (seriesId: number, startMs: number, selected: StoredPoint[]): Aggregate => {
    const histogram = new ExponentialHistogram();
    for (const p of selected) for (const v of p.values) histogram.record(v);
    return {
      seriesId,
      startMs,
      count: histogram.count,
      sum: histogram.sum,
      min: histogram.min,
      max: histogram.max,
      last: null,
      histogram: histogram.count > 0 ? histogram : null,
    };
  };
  const stepsOf = (ids: readonly number[], seriesId: number, { fromMs, toMs, stepMs }: StepRange) => {
    const out: Aggregate[] = [];
    for (let t = Math.floor(fromMs / stepMs) * stepMs; t < toMs; t += stepMs) {
      const selected = points.filter((p) => ids.includes(p.seriesId) && p.timeMs >= t && p.timeMs < t + stepMs);
      if (selected.length > 0) out.push(aggregate(seriesId, t, selected));
    }
    return out;
  };
  const store: Pick<Store, 'tiers' | 'findSeries' | 'readMerged' | 'readSteps' | 'readGroupSteps'> = {
    tiers: DEFAULT_TIERS,
    async findSeries({ metric, service, attributes = {} }: SeriesQuery) {
      return series.filter(
        (s) =>
          s.metric === metric &&
          (service === undefined || s.service === service) &&
          Object.entries(attributes).every(([k, v]) => s.attributes[k] === v),
      );
    },
    async readMerged({ seriesIds, fromMs, toMs }) {
      return seriesIds.map((id) =>
        aggregate(
          id,
          fromMs,
          points.filter((p) => p.seriesId === id && p.timeMs >= fromMs && p.timeMs < toMs),
        ),
      );
    },
    async readSteps({ seriesIds, ...range }) {
      calls.readSteps.push(range.stepMs);
      return seriesIds.flatMap((id) => stepsOf([id], id, range));
    },
    async readGroupSteps({ groups, ...range }) {
      calls.readSteps.push(range.stepMs);
      calls.groups.push(groups.map((g) => [...g]));
      return groups.map((ids) => stepsOf(ids, ids[0]!, range));
    },
  };
  return { store: store as Store, calls };
}

const ref = (id: number, service: string, method: string, route: string, status: string): SeriesRef => ({
  id,
  service,
  metric: 'http.server.request.duration',
  kind: 'histogram',
  unit: 's',
  attributes: { 'http.request.method': method, 'http.route': route, 'http.response.status_code': status },
});

const series = [
  ref(1, 'shop', 'GET', '/products/:id', '200'),
  ref(2, 'shop', 'GET', '/products/:id', '500'),
  ref(3, 'shop', 'POST', '/cart', '201'),
  ref(4, 'search', 'GET', '/search', '200'),
  ref(5, 'idle', 'GET', '/', '200'),
  { ...ref(6, 'shop', 'GET', '/ignored', '200'), metric: 'db.client.operation.duration' },
];
const points: StoredPoint[] = [
  { seriesId: 1, timeMs: T0 + 10_000, values: Array(90).fill(0.05) },
  { seriesId: 1, timeMs: T0 + 1_800_000, values: Array(90).fill(0.05) },
  { seriesId: 2, timeMs: T0 + 20_000, values: Array(20).fill(0.2) },
  { seriesId: 3, timeMs: T0 + 30_000, values: Array(60).fill(1.2) },
  { seriesId: 4, timeMs: T0 + 40_000, values: Array(36).fill(0.01) },
  { seriesId: 6, timeMs: T0 + 40_000, values: Array(1000).fill(0.01) },
  // Outside the queried hour.
  { seriesId: 4, timeMs: T0 - 1, values: Array(1000).fill(0.01) },
];

const thresholds: Record<string, number> = { shop: 500, search: 500 };
const service = (store: Store) => createQueryService({ store, apdexThresholdMsFor: (name) => thresholds[name] ?? 500 });
const range = { fromMs: T0, toMs: T0 + HOUR };

describe('query service', () => {
  it('summarises each service, merging all its routes, within the range', async () => {
    const { store } = fakeStore(series, points);
    const services = await service(store).services(range);
    expect(services.map((s) => s.name)).toEqual(['idle', 'search', 'shop']);
    const [idle, search, shop] = services;
    expect(idle).toEqual({
      name: 'idle',
      requests: 0,
      requestRate: 0,
      errorRate: null,
      apdex: null,
      p50Ms: null,
      p95Ms: null,
      p99Ms: null,
    });
    expect(search).toMatchObject({ requests: 36, requestRate: 0.01, errorRate: 0 });
    expect(shop).toMatchObject({ requests: 260, requestRate: 260 / 3_600 });
    expect(shop!.errorRate).toBeCloseTo(20 / 260, 12);
    // 180 satisfied, 60 tolerating (1.2 s ≤ 2 s), 20 errors → (180 + 30) / 260.
    expect(shop!.apdex).toBeCloseTo(210 / 260, 6);
    expect(Math.abs(shop!.p50Ms! - 50) / 50).toBeLessThan(0.01);
    expect(Math.abs(shop!.p99Ms! - 1_200) / 1_200).toBeLessThan(0.01);
  });

  it('groups a service by method and route, merging status codes, busiest first', async () => {
    const { store } = fakeStore(series, points);
    const routes = await service(store).routes({ service: 'shop', ...range });
    expect(routes!.map((r) => [r.method, r.route, r.requests])).toEqual([
      ['GET', '/products/:id', 200],
      ['POST', '/cart', 60],
    ]);
    expect(routes![0]!.errorRate).toBeCloseTo(0.1, 12);
    expect(routes![0]!.maxMs).toBeCloseTo(200, 9);
    expect(routes![1]!.apdex).toBeCloseTo(0.5, 6);
  });

  it('returns null routes for an unknown service', async () => {
    const { store } = fakeStore(series, points);
    expect(await service(store).routes({ service: 'nope', ...range })).toBeNull();
  });

  it('builds a timeseries with the default step and filters', async () => {
    const { store, calls } = fakeStore(series, points);
    const result = await service(store).timeseries({
      service: 'shop',
      route: '/products/:id',
      method: 'GET',
      metric: 'rate',
      quantile: 0.95,
      ...range,
      nowMs: T0 + HOUR,
    });
    expect(result.stepMs).toBe(30_000);
    expect(calls.readSteps).toEqual([30_000]);
    expect(result.points).toHaveLength(120);
    expect(result.points[0]).toEqual({ t: T0, v: 110 / 30 });
    expect(result.points[60]).toEqual({ t: T0 + 1_800_000, v: 3 });
    expect(result.points.filter((p) => p.v !== 0)).toHaveLength(2);
  });

  it('reads a service-wide timeseries merged per error status and unit, as per-series reads would answer', async () => {
    const { store, calls } = fakeStore(series, points);
    const ask = (metric: 'errors' | 'latency' | 'apdex') =>
      service(store).timeseries({ service: 'shop', metric, quantile: 0.99, ...range, nowMs: T0 + HOUR });
    const errors = await ask('errors');
    // Series 1 (200) and 3 (201) are read as one group, series 2 (500) as another.
    expect(calls.groups[0]!.map((g) => [...g].sort())).toEqual([[1, 3], [2]]);
    // First 30 s step: 90 fast requests of series 1 and 20 errors of series 2; series 3's 60 land in the next.
    expect(errors.points[0]).toEqual({ t: T0, v: 20 / 110 });
    expect(errors.points[1]).toEqual({ t: T0 + 30_000, v: 0 });
    const latency = await ask('latency');
    expect(Math.abs(latency.points[0]!.v! - 200) / 200).toBeLessThan(0.01);
    expect(Math.abs(latency.points[1]!.v! - 1_200) / 1_200).toBeLessThan(0.01);
    expect((await ask('apdex')).points[0]).toEqual({ t: T0, v: 90 / 110 });
  });
});
