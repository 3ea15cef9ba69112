import { ExponentialHistogram, encodeMetricsRequest } from '@stride/agent';
import { describe, expect, it } from 'vitest';
import { nanos, prng, randomRequest, summary } from '../testing/random-otlp-metrics.js';
import { convertMetricsRequest } from './convert-metrics.js';
import { convertMetricsProtobuf } from './otlp-metrics-fast.js';
import { decodeMetricsRequestFast } from './otlp-protobuf.js';
import { SeriesCache } from './series-cache.js';
import { TemporalityConverter } from './temporality-converter.js';

const NOW_MS = Date.UTC(2026, 0, 1);
const LIMITS = { maxBucketsPerPoint: 64, maxAttributeValueLength: 40 };

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
