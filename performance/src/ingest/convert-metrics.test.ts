import type { OtlpKeyValue, OtlpMetric, OtlpMetricsRequest } from '@stride/agent';
import { describe, expect, it } from 'vitest';
import { convertMetricsRequest } from './convert-metrics.js';
import { TemporalityConverter } from './temporality-converter.js';

const NOW_MS = Date.UTC(2025, 0, 1);
/** Unix nanoseconds as the decoder returns them (decimal string), `secondsAgo` before NOW_MS. */
const ago = (secondsAgo: number) => (BigInt(NOW_MS - secondsAgo * 1000) * 1_000_000n).toString();
const msAgo = (secondsAgo: number) => NOW_MS - secondsAgo * 1000;

const attrs = (record: Record<string, string | number>): OtlpKeyValue[] =>
  Object.entries(record).map(([key, v]) => ({
    key,
    value: typeof v === 'string' ? { stringValue: v } : { intValue: String(v) },
  }));

const ROUTE = { 'http.route': '/products/:id', 'http.request.method': 'GET', 'http.response.status_code': 200 };
const ROUTE_ATTRIBUTES = {
  'http.request.method': 'GET',
  'http.response.status_code': '200',
  'http.route': '/products/:id',
};

function request(
  metrics: OtlpMetric[],
  resource: Record<string, string> = { 'service.name': 'shop' },
): OtlpMetricsRequest {
  return {
    resourceMetrics: [{ resource: { attributes: attrs(resource) }, scopeMetrics: [{ scope: { name: 't' }, metrics }] }],
  };
}

const counter = (value: number, startAgoS: number, timeAgoS: number, extra: Partial<OtlpMetric> = {}): OtlpMetric => ({
  name: 'http.server.requests',
  unit: '{request}',
  sum: {
    aggregationTemporality: 2,
    isMonotonic: true,
    dataPoints: [
      {
        attributes: attrs(ROUTE),
        startTimeUnixNano: ago(startAgoS),
        timeUnixNano: ago(timeAgoS),
        asInt: String(value),
      },
    ],
  },
  ...extra,
});

type HistogramPoint = NonNullable<OtlpMetric['histogram']>['dataPoints'] extends (infer P)[] | undefined ? P : never;
const explicit = (point: Partial<HistogramPoint> = {}, temporality = 1): OtlpMetric => ({
  name: 'http.server.request.duration',
  unit: 's',
  histogram: {
    aggregationTemporality: temporality,
    dataPoints: [
      {
        attributes: attrs(ROUTE),
        startTimeUnixNano: ago(20),
        timeUnixNano: ago(10),
        count: '6',
        sum: 0.123,
        min: 0.001,
        max: 0.05,
        explicitBounds: [0.005, 0.01, 0.025],
        bucketCounts: ['2', '1', '2', '1'],
        ...point,
      },
    ],
  },
});

const newConverter = () => new TemporalityConverter({ startedAtMs: NOW_MS - 3_600_000 });
const convert = (req: OtlpMetricsRequest, converter = newConverter()) =>
  convertMetricsRequest(req, { nowMs: NOW_MS, converter });

describe('convertMetricsRequest: kinds', () => {
  it('passes a delta explicit-bucket histogram through, keeping count, sum, min and max exactly', () => {
    const { points, rejected, errors } = convert(request([explicit()]));
    expect({ rejected, errors }).toEqual({ rejected: 0, errors: [] });
    expect(points).toHaveLength(1);
    const [point] = points;
    expect(point!.series).toEqual({
      service: 'shop',
      metric: 'http.server.request.duration',
      kind: 'histogram',
      unit: 's',
      attributes: ROUTE_ATTRIBUTES,
    });
    expect(point!.timeMs).toBe(msAgo(10));
    const h = point!.histogram!;
    expect([h.count, h.sum, h.min, h.max]).toEqual([6, 0.123, 0.001, 0.05]);
    // Each bucket's observations sit inside the bucket: 2 ≤ 5 ms, 3 ≤ 10 ms, 5 ≤ 25 ms, 6 ≤ 50 ms.
    expect([0.005, 0.01, 0.025].map((v) => h.countAtOrBelow(v * 1.001))).toEqual([2, 3, 5]);
    expect(h.quantile(0.5)).toBeGreaterThan(0.005);
    expect(h.quantile(0.5)).toBeLessThanOrEqual(0.01 * 1.01);
  });

  it('accepts histograms without buckets or min/max (count and sum only)', () => {
    const { points, rejected } = convert(
      request([explicit({ explicitBounds: [], bucketCounts: [], count: '4', sum: 2, min: undefined, max: undefined })]),
    );
    expect(rejected).toBe(0);
    expect([points[0]!.histogram!.count, points[0]!.histogram!.sum]).toEqual([4, 2]);
    expect(points[0]!.histogram!.quantile(0.5)).toBeCloseTo(0.5, 2);
  });

  it('converts exponential histograms with fromData', () => {
    const metric: OtlpMetric = {
      name: 'db.client.operation.duration',
      unit: 's',
      exponentialHistogram: {
        aggregationTemporality: 1,
        dataPoints: [
          {
            timeUnixNano: ago(5),
            count: '5',
            sum: 3.5,
            scale: 3,
            zeroCount: '1',
            positive: { offset: -8, bucketCounts: ['1', '0', '3'] },
          },
        ],
      },
    };
    const { points, rejected } = convert(request([metric]));
    expect(rejected).toBe(0);
    const h = points[0]!.histogram!;
    expect([h.count, h.sum, h.scale]).toEqual([5, 3.5, 3]);
    expect(h.min).toBe(0); // estimated: the zero bucket is the lowest non-empty one
    expect(h.max).toBeCloseTo(2 ** (-5 / 8), 12); // upper bound of bucket offset+2
  });

  it('stores gauges and up-down counters as gauge samples and monotonic delta sums as sums', () => {
    const gauge: OtlpMetric = {
      name: 'process.memory.usage',
      unit: 'By',
      gauge: { dataPoints: [{ timeUnixNano: ago(1), asDouble: 1.5e8 }] },
    };
    const upDown: OtlpMetric = {
      name: 'http.server.active_requests',
      sum: { aggregationTemporality: 2, isMonotonic: false, dataPoints: [{ timeUnixNano: ago(1), asInt: '-3' }] },
    };
    const deltaSum: OtlpMetric = {
      name: 'http.server.requests',
      sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [{ timeUnixNano: ago(1), asInt: '7' }] },
    };
    const { points, rejected } = convert(request([gauge, upDown, deltaSum]));
    expect(rejected).toBe(0);
    expect(points.map((p) => [p.series.metric, p.series.kind, p.series.unit, p.value])).toEqual([
      ['process.memory.usage', 'gauge', 'By', 1.5e8],
      ['http.server.active_requests', 'gauge', '', -3],
      ['http.server.requests', 'sum', '', 7],
    ]);
  });

  it('rejects summaries with a clear message and keeps the rest', () => {
    const summary: OtlpMetric = {
      name: 'rpc.duration',
      summary: { dataPoints: [{ timeUnixNano: ago(1) }, { timeUnixNano: ago(1) }] },
    };
    const { points, rejected, errors } = convert(request([summary, explicit()]));
    expect(points).toHaveLength(1);
    expect(rejected).toBe(2);
    expect(errors).toEqual([
      'resourceMetrics[0].scopeMetrics[0].metrics[0].summary: summary metrics are not supported (quantiles cannot be merged); export a histogram instead (metric "rpc.duration")',
    ]);
  });

  it('names the service from service.name (else unknown_service) and leaves resource attributes out of series', () => {
    const a = convert(request([explicit()], { 'service.name': 'cart', 'host.name': 'h1' })).points[0]!;
    const b = convert(request([explicit()], { 'host.name': 'h1' })).points[0]!;
    expect(a.series.service).toBe('cart');
    expect(a.series.attributes).toEqual(ROUTE_ATTRIBUTES);
    expect(b.series.service).toBe('unknown_service');
  });

  it('skips points flagged "no recorded value" without counting them as rejected', () => {
    const metric = explicit({ flags: 1, count: '0', bucketCounts: [], explicitBounds: [] });
    expect(convert(request([metric]))).toMatchObject({ points: [], rejected: 0 });
  });
});

describe('convertMetricsRequest: cumulative streams', () => {
  it('converts per stream: first point, increase, repeated export, reset', () => {
    const converter = newConverter();
    const values = (req: OtlpMetricsRequest) => convert(req, converter).points.map((p) => p.value);
    expect(values(request([counter(10, 100, 60)]))).toEqual([10]);
    expect(values(request([counter(25, 100, 50)]))).toEqual([15]);
    expect(values(request([counter(25, 100, 50)]))).toEqual([]); // the same export retried
    expect(values(request([counter(4, 30, 20)]))).toEqual([4]); // new start time: restarted
    expect(values(request([counter(3, 30, 10)]))).toEqual([3]); // value fell: restarted again
  });

  it('keeps two instances of one service as separate streams feeding one series', () => {
    const converter = newConverter();
    const one = { 'service.name': 'shop', 'service.instance.id': 'a' };
    const two = { 'service.name': 'shop', 'service.instance.id': 'b' };
    const run = (req: OtlpMetricsRequest) => convert(req, converter).points;
    run(request([counter(10, 100, 60)], one));
    run(request([counter(1000, 90, 60)], two));
    const a = run(request([counter(12, 100, 50)], one));
    const b = run(request([counter(1005, 90, 50)], two));
    expect([a[0]!.value, b[0]!.value]).toEqual([2, 5]);
    expect(a[0]!.series).toEqual(b[0]!.series);
  });

  it('converts cumulative explicit-bucket histograms, keeping counts exact', () => {
    const converter = newConverter();
    const first = convert(request([explicit({}, 2)]), converter).points[0]!.histogram!;
    const later = explicit({ timeUnixNano: ago(5), count: '9', sum: 0.2, bucketCounts: ['3', '2', '3', '1'] }, 2);
    const delta = convert(request([later]), converter).points[0]!.histogram!;
    expect(first.count).toBe(6);
    expect(delta.count).toBe(3);
    expect(delta.sum).toBeCloseTo(0.2 - 0.123, 12);
  });

  it('rolls back on request: the retry yields the same deltas', () => {
    const converter = newConverter();
    convert(request([counter(10, 100, 60)]), converter);
    const failed = convert(request([counter(25, 100, 50)]), converter);
    failed.rollback();
    expect(convert(request([counter(25, 100, 50)]), converter).points.map((p) => p.value)).toEqual([15]);
  });
});

describe('convertMetricsRequest: validation', () => {
  const P = 'resourceMetrics[0].scopeMetrics[0].metrics[0].histogram.dataPoints[0]';
  const cases: [string, OtlpMetric, string][] = [
    [
      'NaN sum',
      explicit({ sum: Number.NaN }),
      `${P}.sum: expected a finite number, got NaN (metric "http.server.request.duration")`,
    ],
    [
      'Infinity bound',
      explicit({ explicitBounds: [0.005, Number.POSITIVE_INFINITY, 0.025] }),
      `${P}.explicitBounds[1]: expected a finite number, got Infinity`,
    ],
    ['negative count', explicit({ count: '-6' }), `${P}.count: count must not be negative, got -6`],
    ['count mismatch', explicit({ count: '7' }), `${P}.bucketCounts: buckets hold 6 observations but count is 7`],
    [
      'bounds not increasing',
      explicit({ explicitBounds: [0.005, 0.005, 0.025] }),
      `${P}.explicitBounds[1]: bounds must be strictly increasing, got 0.005 then 0.005`,
    ],
    [
      'bucket length mismatch',
      explicit({ bucketCounts: ['2', '1', '3'] }),
      `${P}.bucketCounts: expected 4 bucket counts for 3 bounds, got 3`,
    ],
    [
      'missing time',
      explicit({ timeUnixNano: undefined }),
      `${P}.timeUnixNano: missing (0); every data point needs its time`,
    ],
    [
      'future time',
      explicit({ timeUnixNano: ago(-11 * 60) }),
      `${P}.timeUnixNano: 2025-01-01T00:11:00.000Z is more than 10 min ahead of the server clock`,
    ],
    [
      'too old',
      explicit({ timeUnixNano: ago(401 * 86_400), startTimeUnixNano: undefined }),
      `${P}.timeUnixNano: 2023-11-27T00:00:00.000Z is older than the longest retention (400 days)`,
    ],
    ['start after time', explicit({ startTimeUnixNano: ago(1) }), `${P}.startTimeUnixNano: start time`],
    [
      'long key',
      explicit({ attributes: attrs({ ['k'.repeat(257)]: 'v' }) }),
      `${P}.attributes[0].key: attribute key of 257 characters exceeds 256`,
    ],
    [
      'long value',
      explicit({ attributes: attrs({ 'http.route': '/x'.repeat(600) }) }),
      `${P}.attributes[0] ("http.route"): attribute value of 1200 characters exceeds 1024`,
    ],
    [
      'too many attributes',
      explicit({ attributes: attrs(Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v']))) }),
      `${P}.attributes: 65 attributes exceed the limit of 64`,
    ],
    ['min > max', explicit({ min: 1, max: 0.5 }), `${P}.min: min 1 is greater than max 0.5`],
    [
      'unspecified temporality',
      explicit({}, 0),
      'resourceMetrics[0].scopeMetrics[0].metrics[0].histogram.aggregationTemporality: must be 1 (DELTA) or 2 (CUMULATIVE), got 0',
    ],
    [
      'invalid name',
      { ...explicit(), name: '1 bad name' },
      'resourceMetrics[0].scopeMetrics[0].metrics[0].name: invalid metric name "1 bad name"',
    ],
    [
      'long name',
      { ...explicit(), name: `a${'b'.repeat(255)}` },
      'resourceMetrics[0].scopeMetrics[0].metrics[0].name: metric name of 256 characters exceeds 255',
    ],
  ];

  it.each(cases)('%s: rejected with a path, valid points of the request kept', (_name, bad, message) => {
    const good: OtlpMetric = { name: 'ok', gauge: { dataPoints: [{ timeUnixNano: ago(1), asDouble: 1 }] } };
    const { points, rejected, errors } = convert(request([bad, good]));
    expect(rejected).toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
    expect(points.map((p) => p.series.metric)).toEqual(['ok']);
  });

  it('rejects NaN and infinite number values', () => {
    const metric: OtlpMetric = {
      name: 'g',
      gauge: {
        dataPoints: [
          { timeUnixNano: ago(1), asDouble: Number.NaN },
          { timeUnixNano: ago(1), asDouble: 2 },
          { timeUnixNano: ago(1), asDouble: Number.NEGATIVE_INFINITY },
        ],
      },
    };
    const { points, rejected, errors } = convert(request([metric]));
    expect(points.map((p) => p.value)).toEqual([2]);
    expect(rejected).toBe(2);
    expect(errors[1]).toBe(
      'resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[2].asDouble: expected a finite number, got -Infinity (metric "g")',
    );
  });

  it('bounds the error messages but counts every rejected point', () => {
    const dataPoints = Array.from({ length: 50 }, () => ({ timeUnixNano: '0', asDouble: 1 }));
    const { rejected, errors } = convert(request([{ name: 'g', gauge: { dataPoints } }]));
    expect(rejected).toBe(50);
    expect(errors).toHaveLength(20);
  });
});
