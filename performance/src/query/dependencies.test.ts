import { ExponentialHistogram } from '@stride/agent';
import { describe, expect, it } from 'vitest';
import { dependencies } from './dependencies.js';
import type { SeriesAggregate } from './request-stats.js';

let nextId = 1;
function calls(attributes: Record<string, string>, seconds: number, count: number): SeriesAggregate {
  const histogram = new ExponentialHistogram();
  histogram.record(seconds, count);
  const id = nextId++;
  return {
    series: { id, service: 'shop', metric: 'http.client.request.duration', kind: 'histogram', unit: 's', attributes },
    aggregate: {
      seriesId: id,
      startMs: 0,
      count,
      sum: seconds * count,
      min: seconds,
      max: seconds,
      last: null,
      histogram,
    },
  };
}

const payments = (status: string, reused: string, extra: Record<string, string> = {}) => ({
  'server.address': 'payments.local',
  'http.request.method': 'POST',
  'http.response.status_code': status,
  'stride.socket.reused': reused,
  ...extra,
});

describe('dependencies', () => {
  it('groups by host with calls, errors (5xx or error.type), p95 and socket reuse, busiest first', () => {
    const result = dependencies([
      calls(payments('200', 'true'), 0.02, 70),
      calls(payments('200', 'false'), 0.05, 20),
      calls(payments('503', 'true'), 0.01, 6),
      calls(payments('404', 'true'), 0.01, 2), // a 4xx is the caller's problem, not an error of the dependency
      calls({ 'server.address': 'payments.local', 'error.type': 'ETIMEDOUT', 'stride.socket.reused': 'false' }, 1, 2),
      calls({ 'server.address': 'shipping.local', 'http.response.status_code': '200' }, 0.03, 5),
    ]);
    expect(result.map((d) => d.host)).toEqual(['payments.local', 'shipping.local']);
    const [pay, ship] = result;
    expect(pay).toMatchObject({ calls: 100, errors: 8, errorRate: 0.08, socketReuseRatio: 0.78 });
    expect(pay!.p95Ms).toBeCloseTo(50, 0);
    expect(pay!.totalTimeMs).toBeCloseTo(1_400 + 1_000 + 60 + 20 + 2_000, 6);
    expect(ship).toMatchObject({ calls: 5, errors: 0, socketReuseRatio: null });
  });
});
