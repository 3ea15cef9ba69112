import { ExponentialHistogram, encodeMetricsRequest, type OtlpMetric, type OtlpMetricsRequest } from '@stride/agent';
import { describe, expect, it } from 'vitest';
import { type ConversionResult, convertMetricsRequest } from './convert-metrics.js';
import { convertMetricsProtobuf } from './otlp-metrics-fast.js';
import { decodeMetricsRequestFast } from './otlp-protobuf.js';
import { SeriesCache } from './series-cache.js';
import { TemporalityConverter } from './temporality-converter.js';

const NOW_MS = Date.UTC(2026, 0, 1);
const LIMITS = { maxBucketsPerPoint: 64, maxAttributeValueLength: 40 };

/** Mulberry32: a seeded PRNG so failures reproduce. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
type Random = ReturnType<typeof prng>;

const nanos = (ms: number) => (BigInt(Math.round(ms)) * 1_000_000n + 123n).toString();

/** Mostly valid exponential points, with every kind of defect the checks look for now and then. */
function randomExponentialPoint(r: Random, timeMs: number) {
  const counts = (n: number) => Array.from({ length: n }, () => (r.chance(0.4) ? 0 : r.int(1, 9)));
  const positive = counts(r.chance(0.05) ? 70 : r.int(0, 12));
  const negative = r.chance(0.2) ? counts(r.int(0, 4)) : [];
  const zeroCount = r.chance(0.3) ? r.int(0, 3) : 0;
  let count = zeroCount + positive.reduce((a, b) => a + b, 0) + negative.reduce((a, b) => a + b, 0);
  if (r.chance(0.05)) count += 1;
  const point: Record<string, unknown> = {
    attributes: [
      { key: 'http.route', value: { stringValue: `/r/${r.int(0, 5)}${r.chance(0.03) ? 'x'.repeat(60) : ''}` } },
      { key: 'http.request.method', value: { stringValue: r.pick(['GET', 'POST']) } },
      ...(r.chance(0.3) ? [{ key: 'code', value: { intValue: String(r.pick([200, 500])) } }] : []),
    ],
    startTimeUnixNano: nanos(timeMs - (r.chance(0.05) ? -5_000 : 10_000)),
    timeUnixNano: r.chance(0.03) ? '0' : nanos(timeMs + (r.chance(0.03) ? 3_600_000 : 0)),
    count: String(count),
    scale: r.chance(0.05) ? r.pick([-11, 21]) : r.int(-3, 8),
    zeroCount: String(zeroCount),
    positive: { offset: r.chance(0.03) ? 2_000_000_000 : r.int(-40, 40), bucketCounts: positive.map(String) },
    negative: { offset: r.int(-5, 5), bucketCounts: negative.map(String) },
  };
  if (!r.chance(0.05)) point['sum'] = r.chance(0.03) ? Number.NaN : r.chance(0.03) ? -0 : r.next() * 10;
  if (!r.chance(0.05)) point['min'] = r.next() * 0.01;
  if (!r.chance(0.05)) point['max'] = r.chance(0.03) ? -1 : 1 + r.next();
  if (r.chance(0.05)) point['zeroThreshold'] = r.pick([0, 1e-9, -1]);
  if (r.chance(0.03)) point['flags'] = 1;
  if (r.chance(0.05)) point['attributes'] = [];
  return point;
}

function randomMetric(r: Random, timeMs: number): OtlpMetric {
  const name = r.chance(0.03) ? '9bad name' : r.pick(['http.server.request.duration', 'db.client.operation.duration']);
  if (r.chance(0.15)) {
    return {
      name: 'queue.depth',
      gauge: { dataPoints: [{ timeUnixNano: nanos(timeMs), asDouble: r.chance(0.1) ? Number.NaN : r.next() }] },
    };
  }
  const temporality = r.chance(0.05) ? 0 : r.chance(0.2) ? 2 : 1;
  const dataPoints = Array.from({ length: r.int(0, 6) }, () => randomExponentialPoint(r, timeMs));
  return { name, unit: 's', exponentialHistogram: { aggregationTemporality: temporality, dataPoints } } as OtlpMetric;
}

function randomRequest(r: Random, timeMs: number): OtlpMetricsRequest {
  return {
    resourceMetrics: Array.from({ length: r.int(1, 2) }, () => ({
      resource: {
        attributes: [
          {
            key: 'service.name',
            value: { stringValue: r.pick(['shop', 'cart', 'x'.repeat(r.chance(0.05) ? 50 : 1)]) },
          },
          { key: 'service.version', value: { stringValue: r.pick(['1.0', '1.1']) } },
        ],
      },
      scopeMetrics: [
        {
          scope: { name: 'lib', version: '1' },
          metrics: Array.from({ length: r.int(1, 3) }, () => randomMetric(r, timeMs)),
        },
      ],
    })),
  };
}

/** What a conversion stored, comparable across the paths (histograms as data and as their encoding). */
function summary(result: ConversionResult) {
  return {
    rejected: result.rejected,
    errors: result.errors,
    points: result.points.map((p) => ({
      series: { ...p.series, attributes: { ...p.series.attributes } },
      timeMs: p.timeMs,
      value: p.value,
      histogram: p.histogram?.toData(),
      bytes: Buffer.from(p.encoded?.bytes ?? p.histogram?.encode() ?? []).toString('hex'),
    })),
  };
}

describe('convertMetricsProtobuf', () => {
  it('converts random requests exactly as decodeMetricsRequestFast + convertMetricsRequest do', () => {
    const r = prng(7);
    const fastConverter = new TemporalityConverter({ startedAtMs: NOW_MS - 3_600_000 });
    const slowConverter = new TemporalityConverter({ startedAtMs: NOW_MS - 3_600_000 });
    const seriesCache = new SeriesCache({ maxEntries: 16 }); // small, so entries are dropped and rebuilt too
    let fastPoints = 0;
    let handedBack = 0;
    for (let i = 0; i < 250; i++) {
      const timeMs = NOW_MS - 600_000 + i * 1000;
      const body = Buffer.from(encodeMetricsRequest(randomRequest(r, timeMs), 'protobuf'));
      const options = { nowMs: NOW_MS, limits: LIMITS };
      // As the route does: a body the fast path hands back (here: a too-long service.name) goes the reference way.
      let fast = convertMetricsProtobuf(body, { ...options, converter: fastConverter, seriesCache });
      if (fast === null) {
        handedBack++;
        fast = convertMetricsRequest(decodeMetricsRequestFast(body), { ...options, converter: fastConverter });
      }
      const slow = convertMetricsRequest(decodeMetricsRequestFast(body), { ...options, converter: slowConverter });
      expect(summary(fast), `request ${i}`).toEqual(summary(slow));
      fastPoints += fast.points.filter((p) => p.encoded !== undefined).length;
    }
    expect(handedBack).toBeLessThan(25);
    expect(fastPoints).toBeGreaterThan(600); // the fast path did most of the work
  }, 60_000); // a busy machine must not fail it

  it('stores the encoding ExponentialHistogram would, and builds the histogram only when read', () => {
    const h = new ExponentialHistogram({ maxScale: 5 });
    for (const v of [0, 0.001, 0.02, 0.3, 0.3, 4, -0.5]) h.record(v);
    const d = h.toData();
    const body = encodeMetricsRequest(
      {
        resourceMetrics: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
            scopeMetrics: [
              {
                metrics: [
                  {
                    name: 'm',
                    exponentialHistogram: {
                      aggregationTemporality: 1,
                      dataPoints: [
                        {
                          timeUnixNano: nanos(NOW_MS - 1000),
                          count: d.count,
                          sum: d.sum,
                          min: d.min,
                          max: d.max,
                          scale: d.scale,
                          zeroCount: d.zeroCount,
                          positive: { offset: d.positive.offset, bucketCounts: d.positive.counts },
                          negative: { offset: d.negative.offset, bucketCounts: d.negative.counts },
                        },
                      ],
                    },
                  },
                ],
              },
            ],
          },
        ],
      },
      'protobuf',
    );
    const converter = new TemporalityConverter({ startedAtMs: 0 });
    const result = convertMetricsProtobuf(Buffer.from(body), {
      nowMs: NOW_MS,
      converter,
      seriesCache: new SeriesCache(),
    });
    const point = result!.points[0]!;
    expect(Buffer.from(point.encoded!.bytes)).toEqual(Buffer.from(h.encode()));
    expect(point.encoded).toMatchObject({ count: 7, sum: h.sum, min: -0.5, max: 4 });
    expect(point.histogram!.toData()).toEqual(d);
    expect(Object.isFrozen(point.series)).toBe(true);
  });

  it('hands malformed bodies back (null) so the reference path can explain them', () => {
    const converter = new TemporalityConverter({ startedAtMs: 0 });
    const seriesCache = new SeriesCache();
    const body = Buffer.from(encodeMetricsRequest(randomRequest(prng(1), NOW_MS - 5000), 'protobuf'));
    for (const cut of [1, 7, body.length - 3]) {
      expect(convertMetricsProtobuf(body.subarray(0, cut), { nowMs: NOW_MS, converter, seriesCache })).toBeNull();
    }
    expect(converter.stats().streams).toBe(0); // undone
  });

  it('calls onResource once per distinct service and version of a request', () => {
    const seen: unknown[] = [];
    const request = randomRequest(prng(3), NOW_MS - 5000);
    request.resourceMetrics = [...request.resourceMetrics!, ...request.resourceMetrics!];
    const body = Buffer.from(encodeMetricsRequest(request, 'protobuf'));
    convertMetricsProtobuf(body, {
      nowMs: NOW_MS,
      converter: new TemporalityConverter({ startedAtMs: 0 }),
      seriesCache: new SeriesCache(),
      onResource: (resource, nowMs) => seen.push([resource, nowMs]),
    });
    const distinct = new Set(request.resourceMetrics.map((rm) => JSON.stringify(rm.resource!.attributes))).size;
    expect(seen).toHaveLength(distinct);
    expect(seen[0]).toEqual([{ service: expect.any(String), version: expect.stringMatching(/^1\.[01]$/) }, NOW_MS]);
  });
});
