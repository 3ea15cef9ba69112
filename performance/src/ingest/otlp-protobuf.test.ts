import { decodeMetricsRequest, ExponentialHistogram, encodeMetricsRequest, OtlpDecodeError } from '@stride/agent';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMetricsRequestFast } from './otlp-protobuf.js';

/** The reference decoder (protobufjs) gives 64-bit integers as strings; the fast one as numbers. */
const INT64_FIELDS = new Set(['timeUnixNano', 'startTimeUnixNano', 'count', 'zeroCount', 'asInt', 'intValue']);
const asDouble = (v: unknown) => String(Number(v)); // the fast decoder keeps 64-bit integers as doubles

const normalise = (value: unknown): string =>
  JSON.stringify(value, (key, v) => {
    if (INT64_FIELDS.has(key)) return asDouble(v);
    if (key === 'bucketCounts') return (v as unknown[]).map(asDouble);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)));
  });

const kv = (key: string, value: object) => ({ key, value });

function sampleRequest() {
  const h = new ExponentialHistogram({ maxScale: 6 });
  for (const v of [0, 0.004, 0.08, 0.09, 1.5, -0.2]) h.record(v);
  const data = h.toData();
  return {
    resourceMetrics: [
      {
        resource: {
          attributes: [
            kv('service.name', { stringValue: 'shop' }),
            kv('n', { intValue: '-42' }),
            kv('b', { boolValue: true }),
            kv('d', { doubleValue: 1.25 }),
            kv('arr', { arrayValue: { values: [{ stringValue: 'x' }, { intValue: '7' }] } }),
            kv('kv', { kvlistValue: { values: [kv('inner', { stringValue: 'é✓' })] } }),
            kv('raw', { bytesValue: Buffer.from([1, 2, 255]).toString('base64') }),
          ],
          droppedAttributesCount: 3,
        },
        scopeMetrics: [
          {
            scope: { name: 'lib', version: '1.0.0' },
            schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
            metrics: [
              {
                name: 'http.server.request.duration',
                unit: 's',
                exponentialHistogram: {
                  aggregationTemporality: 2,
                  dataPoints: [
                    {
                      attributes: [kv('http.route', { stringValue: '/p/:id' })],
                      startTimeUnixNano: '1795309737871000000',
                      timeUnixNano: '1795309747871000000',
                      count: String(data.count),
                      sum: data.sum,
                      scale: data.scale,
                      zeroCount: String(data.zeroCount),
                      positive: { offset: data.positive.offset, bucketCounts: data.positive.counts.map(String) },
                      negative: { offset: data.negative.offset, bucketCounts: data.negative.counts.map(String) },
                      min: data.min,
                      max: data.max,
                    },
                  ],
                },
              },
              {
                name: 'legacy.duration',
                histogram: {
                  aggregationTemporality: 1,
                  dataPoints: [
                    {
                      timeUnixNano: '1795309747871000000',
                      count: '6',
                      sum: 3.5,
                      bucketCounts: ['1', '2', '3'],
                      explicitBounds: [0.1, 1],
                      min: 0.01,
                      max: 2,
                      flags: 0,
                    },
                  ],
                },
              },
              {
                name: 'requests',
                sum: {
                  aggregationTemporality: 2,
                  isMonotonic: true,
                  dataPoints: [{ timeUnixNano: '1795309747871000000', asInt: '-5' }, { asDouble: 2.5 }],
                },
              },
              { name: 'heap', gauge: { dataPoints: [{ timeUnixNano: '1', asDouble: Number.NaN }] } },
              {
                name: 'legacy.summary',
                summary: { dataPoints: [{ count: '2', sum: 1, quantileValues: [{ quantile: 0.5, value: 0.4 }] }] },
              },
            ],
          },
        ],
      },
    ],
  };
}

describe('decodeMetricsRequestFast', () => {
  it('decodes every field Stride reads exactly as the protobufjs reference does', () => {
    const body = encodeMetricsRequest(sampleRequest() as never, 'protobuf');
    expect(JSON.parse(normalise(decodeMetricsRequestFast(body)))).toEqual(
      JSON.parse(normalise(decodeMetricsRequest(body, 'protobuf'))),
    );
  });

  it('agrees with the reference on generated requests', () => {
    const point = fc.record({
      timeUnixNano: fc.bigInt({ min: 0n, max: 2n ** 62n }).map(String),
      asInt: fc.bigInt({ min: -(2n ** 52n), max: 2n ** 52n }).map(String),
      attributes: fc.array(fc.record({ key: fc.string(), value: fc.record({ stringValue: fc.string() }) }), {
        maxLength: 3,
      }),
    });
    const req = fc.record({
      resourceMetrics: fc.array(
        fc.record({
          scopeMetrics: fc.array(
            fc.record({
              metrics: fc.array(
                fc.record({ name: fc.string(), sum: fc.record({ dataPoints: fc.array(point, { maxLength: 4 }) }) }),
                { maxLength: 3 },
              ),
            }),
            { maxLength: 2 },
          ),
        }),
        { maxLength: 2 },
      ),
    });
    fc.assert(
      fc.property(req, (r) => {
        const body = encodeMetricsRequest(r as never, 'protobuf');
        expect(JSON.parse(normalise(decodeMetricsRequestFast(body)))).toEqual(
          JSON.parse(normalise(decodeMetricsRequest(body, 'protobuf'))),
        );
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('rejects every truncation of a valid body with a message naming the byte and field', () => {
    const body = encodeMetricsRequest(sampleRequest() as never, 'protobuf');
    for (let cut = 1; cut < body.length; cut += 7) {
      const truncated = body.subarray(0, cut);
      let error: unknown;
      try {
        decodeMetricsRequestFast(truncated);
      } catch (err) {
        error = err;
      }
      // A cut that lands exactly between top-level fields is a valid (shorter) message; anything else must fail.
      if (error === undefined) continue;
      expect(error).toBeInstanceOf(OtlpDecodeError);
      expect((error as Error).message).toMatch(/at byte \d+/);
    }
    expect(() => decodeMetricsRequestFast(body.subarray(0, body.length - 1))).toThrow(/resourceMetrics\[0\]/);
  });

  it('rejects garbage with a clear error instead of crashing', () => {
    expect(() => decodeMetricsRequestFast(Buffer.from([0x0a, 0xff, 0x01, 3]))).toThrow(OtlpDecodeError);
    expect(() => decodeMetricsRequestFast(Buffer.from([0x0f]))).toThrow(/wire type 7/);
    expect(() => decodeMetricsRequestFast(Buffer.from('{"json":true}'))).toThrow(OtlpDecodeError);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          decodeMetricsRequestFast(bytes);
        } catch (err) {
          expect(err).toBeInstanceOf(OtlpDecodeError);
        }
      }),
      { seed: 11, numRuns: 2000 },
    );
  });
});
