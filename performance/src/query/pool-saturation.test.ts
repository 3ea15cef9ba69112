import { ExponentialHistogram } from '@stride/agent';
import { describe, expect, it } from 'vitest';
import type { Aggregate } from '../store/store.js';
import { poolSaturation } from './pool-saturation.js';
import type { SeriesAggregate } from './request-stats.js';

const ids = new Map<string, number>();
function gauge(
  metric: string,
  attributes: Record<string, string>,
  startMs: number,
  samples: number[],
): SeriesAggregate {
  const key = JSON.stringify([metric, attributes]);
  const id = ids.get(key) ?? ids.size + 1;
  ids.set(key, id);
  const aggregate: Aggregate = {
    seriesId: id,
    startMs,
    count: samples.length,
    sum: samples.reduce((a, b) => a + b, 0),
    min: Math.min(...samples),
    max: Math.max(...samples),
    last: samples.at(-1) ?? null,
    histogram: null,
  };
  return { series: { id, service: 'shop', metric, kind: 'gauge', unit: '{connection}', attributes }, aggregate };
}

const POOL = { 'db.client.connection.pool.name': 'main' };
const used = (t: number, s: number[]) =>
  gauge('db.client.connection.count', { ...POOL, 'db.client.connection.state': 'used' }, t, s);
const idle = (t: number, s: number[]) =>
  gauge('db.client.connection.count', { ...POOL, 'db.client.connection.state': 'idle' }, t, s);
const waiting = (t: number, s: number[]) => gauge('db.client.connection.pending_requests', POOL, t, s);

describe('poolSaturation', () => {
  it('reports maxima, saturation, wait p95 and a per-step series with gaps as null', () => {
    const wait = new ExponentialHistogram();
    for (let i = 0; i < 95; i++) wait.record(0.001);
    for (let i = 0; i < 5; i++) wait.record(0.2);
    const waitItem: SeriesAggregate = {
      series: {
        id: 99,
        service: 'shop',
        metric: 'db.client.connection.wait_time',
        kind: 'histogram',
        unit: 's',
        attributes: POOL,
      },
      aggregate: {
        seriesId: 99,
        startMs: 0,
        count: 100,
        sum: 1.095,
        min: 0.001,
        max: 0.2,
        last: null,
        histogram: wait,
      },
    };
    const merged = [
      used(0, [2, 10, 10]),
      idle(0, [8, 0]),
      waiting(0, [0, 7]),
      gauge('db.client.connection.max', POOL, 0, [10]),
      waitItem,
    ];
    const steps = [used(0, [2]), used(20_000, [10, 10]), idle(0, [8]), idle(20_000, [0]), waiting(20_000, [7])];
    const [pool] = poolSaturation({ merged, steps }, { fromMs: 0, toMs: 30_000, stepMs: 10_000 });
    expect(pool).toMatchObject({
      pool: 'main',
      maxConnections: 10,
      maxUsed: 10,
      maxIdle: 8,
      maxWaiting: 7,
      saturation: 1,
      waits: 100,
      waitMaxMs: 200,
    });
    expect(pool!.waitP95Ms).toBeCloseTo(1, 1);
    expect(pool!.series).toEqual([
      { t: 0, used: 2, idle: 8, waiting: null },
      { t: 10_000, used: null, idle: null, waiting: null },
      { t: 20_000, used: 10, idle: 0, waiting: 7 },
    ]);
  });
});
