import { ExponentialHistogram } from '@stride/agent';
import { describe, expect, it } from 'vitest';
import type { SeriesRef } from '../store/store.js';
import type { SeriesAggregate } from './request-stats.js';
import { buildTimeseries, type TimeseriesOptions } from './timeseries.js';

const T0 = 1_735_689_600_000; // 2025-01-01T00:00:00Z, a multiple of every step used here

function stepItem(status: string, startMs: number, values: number[]): SeriesAggregate {
  const series: SeriesRef = {
    id: Number(status),
    service: 'shop',
    metric: 'http.server.request.duration',
    kind: 'histogram',
    unit: 's',
    attributes: { 'http.response.status_code': status },
  };
  const histogram = new ExponentialHistogram();
  for (const v of values) histogram.record(v);
  return {
    series,
    aggregate: {
      seriesId: series.id,
      startMs,
      count: histogram.count,
      sum: histogram.sum,
      min: histogram.min,
      max: histogram.max,
      last: null,
      histogram,
    },
  };
}

const base: Omit<TimeseriesOptions, 'metric'> = {
  quantile: 0.5,
  fromMs: T0 + 5_000,
  toMs: T0 + 30_000,
  stepMs: 10_000,
  apdexThresholdMs: 500,
};

// Step 1: 10 OK requests at 100 ms, 10 failing at 2 s. Step 2: nothing. Step 3: 5 OK at 1 s.
const items = [
  stepItem('200', T0, Array(10).fill(0.1)),
  stepItem('500', T0, Array(10).fill(2)),
  stepItem('200', T0 + 20_000, Array(5).fill(1)),
];

describe('buildTimeseries', () => {
  it('emits one point per aligned step over [from, to), including empty steps', () => {
    expect(buildTimeseries(items, { ...base, metric: 'rate' })).toEqual([
      { t: T0, v: 2 },
      { t: T0 + 10_000, v: 0 },
      { t: T0 + 20_000, v: 0.5 },
    ]);
  });

  it('gives latency at the requested quantile in ms, null for empty steps', () => {
    const points = buildTimeseries(items, { ...base, metric: 'latency', quantile: 0.99 });
    expect(points.map((p) => p.t)).toEqual([T0, T0 + 10_000, T0 + 20_000]);
    expect(Math.abs(points[0]!.v! - 2_000) / 2_000).toBeLessThan(0.01);
    expect(points[1]!.v).toBeNull();
    expect(Math.abs(points[2]!.v! - 1_000) / 1_000).toBeLessThan(0.01);
  });

  it('gives the 5xx fraction per step', () => {
    expect(buildTimeseries(items, { ...base, metric: 'errors' }).map((p) => p.v)).toEqual([0.5, null, 0]);
  });

  it('gives apdex per step', () => {
    const v = buildTimeseries(items, { ...base, metric: 'apdex' }).map((p) => p.v);
    expect(v[0]).toBeCloseTo(0.5, 6); // 10 satisfied, 10 errors (frustrated)
    expect(v[1]).toBeNull();
    expect(v[2]).toBeCloseTo(0.5, 6); // 1 s with T = 500 ms: all tolerating
  });

  it('folds finer buckets into the step that contains them', () => {
    const points = buildTimeseries(items, { ...base, fromMs: T0, toMs: T0 + 60_000, stepMs: 60_000, metric: 'rate' });
    expect(points).toEqual([{ t: T0, v: 25 / 60 }]);
  });
});
