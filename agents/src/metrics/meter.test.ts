import { describe, expect, it } from 'vitest';
import { attributeMap } from '../testing/otlp-points.js';
import { Meter } from './meter.js';

const interval = { startTimeUnixNano: '1000000000', timeUnixNano: '11000000000' };
const fail = (err: unknown) => {
  throw err;
};

describe('Meter', () => {
  it('exports one delta exponential-histogram point per series and starts empty after collect', () => {
    const meter = new Meter({ maxSeries: 10 });
    const h = meter.histogram({ name: 'http.server.request.duration', unit: 's', description: 'd' });
    h.record('a', { route: '/a' }, 0.1);
    h.record('a', { route: '/a' }, 0.3);
    h.record('b', { route: '/b' }, 2);
    const [metric] = meter.collect(interval, fail);
    expect(metric).toMatchObject({ name: 'http.server.request.duration', unit: 's' });
    expect(metric?.exponentialHistogram?.aggregationTemporality).toBe(1);
    const points = metric?.exponentialHistogram?.dataPoints ?? [];
    expect(points.map((p) => [attributeMap(p.attributes).route, p.count, p.sum, p.min, p.max])).toEqual([
      ['/a', 2, 0.4, 0.1, 0.3],
      ['/b', 1, 2, 2, 2],
    ]);
    expect(points[0]).toMatchObject(interval);
    const positive = points[0]?.positive;
    expect(positive?.bucketCounts?.reduce((a, b) => Number(a) + Number(b), 0)).toBe(2);
    expect(meter.collect(interval, fail)).toEqual([]);
  });

  it("builds each attribute set's KeyValues once, across intervals and instruments", () => {
    const meter = new Meter({ maxSeries: 10 });
    const duration = meter.histogram({ name: 'd', unit: 's', description: 'd' });
    const size = meter.counter({ name: 's', unit: 'By', description: 'd' });
    const shared = { route: '/a', 'http.response.status_code': 200 };
    const record = () => {
      duration.record('a', shared, 0.1);
      size.record('a', shared, 10);
      duration.record('b', { route: '/b' }, 0.2);
    };
    record();
    const [d1, s1] = meter.collect(interval, fail);
    record();
    const [d2] = meter.collect(interval, fail);
    const first = d1?.exponentialHistogram?.dataPoints?.[0]?.attributes;
    expect(attributeMap(first ?? [])).toEqual({ route: '/a', 'http.response.status_code': '200' });
    expect(d2?.exponentialHistogram?.dataPoints?.[0]?.attributes).toBe(first);
    expect(s1?.sum?.dataPoints?.[0]?.attributes).toBe(first);
    expect(d2?.exponentialHistogram?.dataPoints?.[1]?.attributes).not.toBe(first);
  });

  it('caps series per metric: the rest goes to one otel.metric.overflow series, and is counted', () => {
    const meter = new Meter({ maxSeries: 3 });
    const c = meter.counter({ name: 'c', unit: '1', description: 'd' });
    for (let i = 0; i < 10; i++) c.record(`k${i}`, { k: i }, 1);
    const points = meter.collect(interval, fail)[0]?.sum?.dataPoints ?? [];
    expect(points.map((p) => [attributeMap(p.attributes), p.asDouble])).toEqual([
      [{ k: '0' }, 1],
      [{ k: '1' }, 1],
      [{ 'otel.metric.overflow': 'true' }, 8],
    ]);
    expect(meter.overflowedMeasurements).toBe(8);
  });

  it('exports counters as monotonic delta sums and gauges as their last value', () => {
    const meter = new Meter({ maxSeries: 10 });
    const c = meter.counter({ name: 'c', unit: '{batch}', description: 'd' });
    const g = meter.gauge({ name: 'g', unit: 'By', description: 'd' });
    c.record('', {}, 2);
    c.record('', {}, 3);
    g.record('', {}, 10);
    g.record('', {}, 7);
    g.record('', {}, Number.NaN);
    const [sum, gauge] = meter.collect(interval, fail);
    expect(sum?.sum).toMatchObject({ aggregationTemporality: 1, isMonotonic: true });
    expect(sum?.sum?.dataPoints?.[0]?.asDouble).toBe(5);
    expect(gauge?.gauge?.dataPoints?.[0]?.asDouble).toBe(7);
  });

  it('runs observers before collecting and reports their errors without losing other metrics', () => {
    const meter = new Meter({ maxSeries: 10 });
    const g = meter.gauge({ name: 'g', unit: '1', description: 'd' });
    const errors: unknown[] = [];
    meter.beforeCollect(() => g.record('', {}, 0.5));
    const stop = meter.beforeCollect(() => {
      throw new Error('boom');
    });
    expect(meter.collect(interval, (e) => errors.push(e))[0]?.gauge?.dataPoints?.[0]?.asDouble).toBe(0.5);
    expect(errors).toHaveLength(1);
    stop();
    meter.collect(interval, (e) => errors.push(e));
    expect(errors).toHaveLength(1);
  });

  it('skips histograms that only saw non-finite values', () => {
    const meter = new Meter({ maxSeries: 10 });
    meter.histogram({ name: 'h', unit: 's', description: 'd' }).record('', {}, Number.NaN);
    expect(meter.collect(interval, fail)).toEqual([]);
  });
});
