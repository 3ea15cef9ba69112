import { ExponentialHistogram } from '@stride/agent';
import { describe, expect, it } from 'vitest';
import type { Aggregate, SeriesRef } from '../store/store.js';
import {
  apdex,
  errorRate,
  groupBy,
  quantileMs,
  requestRate,
  requestStats,
  type SeriesAggregate,
  tallyRequests,
} from './request-stats.js';

/** A request-duration series; `values` are observations in the series' unit. */
function item(id: number, status: string, values: number[], unit = 's', route = '/products/:id'): SeriesAggregate {
  const series: SeriesRef = {
    id,
    service: 'shop',
    metric: 'http.server.request.duration',
    kind: 'histogram',
    unit,
    attributes: { 'http.request.method': 'GET', 'http.route': route, 'http.response.status_code': status },
  };
  const histogram = new ExponentialHistogram();
  for (const v of values) histogram.record(v);
  const aggregate: Aggregate = {
    seriesId: id,
    startMs: 0,
    count: histogram.count,
    sum: histogram.sum,
    min: histogram.min,
    max: histogram.max,
    last: null,
    histogram: values.length > 0 ? histogram : null,
  };
  return { series, aggregate };
}

const repeat = (value: number, times: number) => Array.from({ length: times }, () => value);

describe('tallyRequests and the statistics derived from it', () => {
  it('computes apdex from satisfied (≤ T) and tolerating (≤ 4T) requests', () => {
    // T = 500 ms: 60 satisfied (0.1 s), 30 tolerating (1 s), 10 frustrated (3 s) → (60 + 30/2) / 100 = 0.75.
    const tally = tallyRequests([item(1, '200', [...repeat(0.1, 60), ...repeat(1, 30), ...repeat(3, 10)])], 500);
    expect(tally.requests).toBe(100);
    expect(tally.satisfied).toBeCloseTo(60, 6);
    expect(tally.tolerating).toBeCloseTo(30, 6);
    expect(apdex(tally)).toBeCloseTo(0.75, 6);
  });

  it('honours a per-call T', () => {
    const items = [item(1, '200', [...repeat(0.1, 50), ...repeat(0.3, 50)])];
    expect(apdex(tallyRequests(items, 500))).toBeCloseTo(1, 6);
    // T = 200 ms: the 0.3 s requests become tolerating → (50 + 25) / 100.
    expect(apdex(tallyRequests(items, 200))).toBeCloseTo(0.75, 6);
  });

  it('counts 5xx as errors and as frustrated, 4xx as neither', () => {
    const tally = tallyRequests(
      [item(1, '200', repeat(0.05, 70)), item(2, '404', repeat(0.05, 20)), item(3, '503', repeat(0.05, 10))],
      500,
    );
    expect(tally.requests).toBe(100);
    expect(tally.errors).toBe(10);
    expect(errorRate(tally)).toBeCloseTo(0.1, 12);
    expect(apdex(tally)).toBeCloseTo(0.9, 6);
  });

  it('merges histograms across series and reports quantiles in milliseconds', () => {
    // 900 requests at 20 ms on one instance's series, 100 at 800 ms on another status code.
    const tally = tallyRequests([item(1, '200', repeat(0.02, 900)), item(2, '201', repeat(0.8, 100))], 500);
    expect(Math.abs(quantileMs(tally, 0.5)! - 20) / 20).toBeLessThan(0.01);
    expect(Math.abs(quantileMs(tally, 0.95)! - 800) / 800).toBeLessThan(0.01);
    expect(tally.maxMs).toBeCloseTo(800, 9);
  });

  it('converts millisecond-unit series too', () => {
    const tally = tallyRequests([item(1, '200', repeat(250, 10), 'ms')], 500);
    expect(Math.abs(quantileMs(tally, 0.99)! - 250) / 250).toBeLessThan(0.01);
    expect(tally.maxMs).toBe(250);
    expect(apdex(tally)).toBeCloseTo(1, 6);
  });

  it('gives a per-second rate over the range', () => {
    const tally = tallyRequests([item(1, '200', repeat(0.01, 120))], 500);
    expect(requestRate(tally, 60_000)).toBe(2);
    expect(requestRate(tally, 0)).toBe(0);
  });

  it('answers null statistics, zero counts, when there is no data', () => {
    const empty = item(1, '200', []);
    expect(requestStats(tallyRequests([empty], 500), 3_600_000)).toEqual({
      requests: 0,
      requestRate: 0,
      errorRate: null,
      apdex: null,
      p50Ms: null,
      p95Ms: null,
      p99Ms: null,
      maxMs: null,
    });
  });

  it('does not modify the histograms it merges', () => {
    const a = item(1, '200', repeat(0.01, 5));
    const b = item(2, '200', repeat(0.02, 5));
    tallyRequests([a, b], 500);
    expect(a.aggregate.histogram!.count).toBe(5);
    expect(b.aggregate.histogram!.count).toBe(5);
  });
});

describe('groupBy', () => {
  it('groups by key in first-seen order', () => {
    const groups = groupBy(
      [item(1, '200', [0.1], 's', '/a'), item(2, '200', [0.1], 's', '/b'), item(3, '500', [0.1], 's', '/a')],
      (i) => i.series.attributes['http.route']!,
    );
    expect([...groups.keys()]).toEqual(['/a', '/b']);
    expect(groups.get('/a')!.map((i) => i.series.id)).toEqual([1, 3]);
  });
});
