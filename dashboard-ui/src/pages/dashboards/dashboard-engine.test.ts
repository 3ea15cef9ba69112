// biome-ignore-all lint/suspicious/noTemplateCurlyInString: dashboard templates spell ${name} literally.
import { describe, expect, it } from 'vitest';
import {
  buildRequest,
  chooseValue,
  formatCell,
  interpolate,
  panelRequests,
  readField,
  readPath,
  reduceStat,
  refreshKeyFor,
  variableOptions,
} from './dashboard-engine.js';
import type { DashboardPanel } from './dashboard-types.js';

const RANGE = { from: '1000', to: '2000' };

describe('templates and requests', () => {
  it('interpolates, URL-encoding inside endpoints', () => {
    expect(interpolate('p95 of ${service}', { service: 'shop' })).toBe('p95 of shop');
    expect(interpolate('/api/v1/services/${service}/routes', { service: 'a/b' }, true)).toBe(
      '/api/v1/services/a%2Fb/routes',
    );
    expect(interpolate('${missing}x', {})).toBe('x');
  });

  it('adds the time range unless params set it, and drops empty params', () => {
    const request = buildRequest(
      '/api/v1/timeseries',
      { service: '${service}', route: '${route}', from: 'now-7d', quantile: 0.5 },
      { service: 'shop', route: '' },
      RANGE,
    );
    expect(request.path).toBe('/api/v1/timeseries');
    expect(request.query).toEqual({ from: 'now-7d', quantile: '0.5', service: 'shop', to: '2000' });
    expect(request.key).toBe('/api/v1/timeseries?from=now-7d&quantile=0.5&service=shop&to=2000');
  });

  it('shares one request between series with identical params', () => {
    const panel: DashboardPanel = {
      id: 'latency',
      title: 'Latency',
      gridPos: { x: 0, y: 0, w: 12, h: 8 },
      visualization: 'timeseries',
      query: {
        endpoint: '/api/v1/timeseries',
        params: { service: '${service}', metric: 'latency' },
        series: [
          { label: 'p50', params: { quantile: 0.5 } },
          { label: 'p50 again', params: { quantile: 0.5 } },
          { label: 'p99', params: { quantile: 0.99 } },
        ],
      },
    };
    expect(panelRequests(panel, { service: 'shop' }, RANGE).map((r) => r.query['quantile'])).toEqual(['0.5', '0.99']);
  });
});

describe('readPath', () => {
  const data = {
    services: [
      { name: 'api', p95Ms: 10 },
      { name: 'shop.eu', p95Ms: 212.4 },
    ],
    pools: [{ series: [{ t: 1, v: 2 }] }],
  };

  it('follows keys, indexes and field selectors', () => {
    expect(readPath(data, 'services[name=${service}].p95Ms', { service: 'shop.eu' })).toBe(212.4);
    expect(readPath(data, 'pools[0].series')).toEqual([{ t: 1, v: 2 }]);
    expect(readPath(data, 'services[1].name')).toBe('shop.eu');
  });

  it('yields undefined when nothing is there', () => {
    expect(readPath(data, 'services[name=nope].p95Ms')).toBeUndefined();
    expect(readPath(data, 'pools[3].series')).toBeUndefined();
    expect(readPath(data, 'missing.deeper')).toBeUndefined();
    expect(readPath(null, 'services')).toBeUndefined();
    expect(readField({ a: { b: 3 } }, 'a.b')).toBe(3);
    expect(readField({ a: 1 }, 'a.b')).toBeUndefined();
  });
});

describe('stats, formatting, variables', () => {
  it('reduces numbers and point arrays, skipping nulls', () => {
    const points = [
      { t: 1, v: 3 },
      { t: 2, v: null },
      { t: 3, v: 1 },
    ];
    expect(reduceStat(5)).toBe(5);
    expect(reduceStat(points)).toBe(1);
    expect(reduceStat(points, 'max')).toBe(3);
    expect(reduceStat(points, 'mean')).toBe(2);
    expect(reduceStat(points, 'sum')).toBe(4);
    expect(reduceStat([{ v: null }])).toBeNull();
    expect(reduceStat('x')).toBeNull();
  });

  it('formats by dashboard unit', () => {
    expect(formatCell(1.5, 's')).toBe('1.5 s');
    expect(formatCell(0.25, 'ratio')).toBe('25 %');
    expect(formatCell(0.912, 'score')).toBe('0.91');
    expect(formatCell(12.5, 'per_second')).toBe('12.5 /s');
    expect(formatCell(3, 'ms_per_second')).toBe('3 ms/s');
    expect(formatCell('GET', 'ms')).toBe('GET');
    expect(formatCell(null, 'ms')).toBe('–');
  });

  it('takes variable options from rows and picks the URL value, the default or the first', () => {
    const options = variableOptions(
      { services: [{ name: 'api' }, { name: 'shop' }, { name: 'api' }, {}] },
      'services',
      'name',
    );
    expect(options).toEqual(['api', 'shop']);
    expect(chooseValue(options, 'shop', 'api')).toBe('shop');
    expect(chooseValue(options, 'gone', 'shop')).toBe('shop');
    expect(chooseValue(options, null, undefined)).toBe('api');
    expect(chooseValue([], null, undefined)).toBe('');
    expect(refreshKeyFor(undefined)).toBe('off');
    expect(refreshKeyFor(30)).toBe('30s');
    expect(refreshKeyFor(300)).toBe('1m');
  });
});
