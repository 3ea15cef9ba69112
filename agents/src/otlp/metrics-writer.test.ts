import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExponentialHistogram } from '../histogram/exponential-histogram.js';
import { decodeMetricsRequest, encodeMetricsRequest, encodeOwnMetricsRequest } from './codec.js';
import { MetricsRequestWriter, writeMetricsRequest } from './metrics-writer.js';
import { ProtoWriter } from './proto-writer.js';
import type { OtlpExponentialHistogramDataPoint, OtlpMetric, OtlpMetricsRequest } from './types.js';

const kv = (key: string, value: object) => ({ key, value });
const resource = {
  attributes: [
    kv('service.name', { stringValue: 'shop' }),
    kv('n', { intValue: '-42' }),
    kv('big', { intValue: '9007199254740993' }),
    kv('b', { boolValue: false }),
    kv('d', { doubleValue: 1.25 }),
    kv('arr', { arrayValue: { values: [{ stringValue: 'x' }, { intValue: 7 }] } }),
    kv('kv', { kvlistValue: { values: [kv('inner', { stringValue: 'é✓' })] } }),
    kv('raw', { bytesValue: Buffer.from([1, 2, 255]).toString('base64') }),
  ],
  droppedAttributesCount: 3,
};
const scope = { name: '@stride/agent', version: '0.1.0' };
const interval = { startTimeUnixNano: '1795309737871000000', timeUnixNano: '1795309747871000123' };

function histogramPoint(values: number[], route: string): OtlpExponentialHistogramDataPoint {
  const h = new ExponentialHistogram({ maxScale: 6 });
  for (const v of values) h.record(v);
  const data = h.toData();
  const point: OtlpExponentialHistogramDataPoint = {
    attributes: [kv('http.route', { stringValue: route }), kv('http.response.status_code', { intValue: '200' })],
    ...interval,
    count: data.count,
    sum: data.sum,
    scale: data.scale,
    zeroCount: data.zeroCount,
    zeroThreshold: data.zeroThreshold,
    positive: { offset: data.positive.offset, bucketCounts: data.positive.counts },
    min: data.min,
    max: data.max,
  };
  if (data.negative.counts.length > 0)
    point.negative = { offset: data.negative.offset, bucketCounts: data.negative.counts };
  return point;
}

const metrics: OtlpMetric[] = [
  {
    name: 'http.server.request.duration',
    unit: 's',
    description: 'Duration of HTTP server requests.',
    exponentialHistogram: {
      aggregationTemporality: 1,
      dataPoints: [
        histogramPoint([0, 0.004, 0.08, 0.09, 1.5, -0.2, 1e-6, 120], '/products/:id'),
        { ...histogramPoint([0.01], '/'), count: 2 ** 40 + 1, zeroCount: '5000000000' },
      ],
    },
  },
  {
    name: 'stride.agent.exported_batches',
    unit: '{batch}',
    sum: {
      aggregationTemporality: 1,
      isMonotonic: true,
      dataPoints: [
        { attributes: [], ...interval, asDouble: 3 },
        { ...interval, asInt: '-7', flags: 1 },
      ],
    },
  },
  { name: 'heap', unit: 'By', description: '', gauge: { dataPoints: [{ ...interval, asDouble: 123.5 }] } },
  { name: 'empty' },
];
const request: OtlpMetricsRequest = {
  resourceMetrics: [{ resource, scopeMetrics: [{ scope, metrics, schemaUrl: 'https://x/1' }], schemaUrl: 'https://y' }],
};

describe('writeMetricsRequest', () => {
  it('writes the same bytes as protobufjs for every field the agent sends', () => {
    const ours = Buffer.from(writeMetricsRequest(request)!);
    expect(ours.equals(Buffer.from(encodeMetricsRequest(request, 'protobuf')))).toBe(true);
    expect(decodeMetricsRequest(ours, 'protobuf').resourceMetrics?.[0]?.scopeMetrics?.[0]?.metrics?.[1]?.sum).toEqual({
      aggregationTemporality: 1,
      isMonotonic: true,
      dataPoints: [
        { ...interval, asDouble: 3 },
        { ...interval, asInt: '-7', flags: 1 },
      ],
    });
  });

  it('agrees with protobufjs on random histograms, including bodies long enough for multi-byte lengths', () => {
    const values = fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { maxLength: 400 });
    fc.assert(
      fc.property(fc.array(values, { minLength: 1, maxLength: 40 }), (sets) => {
        const req: OtlpMetricsRequest = {
          resourceMetrics: [
            {
              resource,
              scopeMetrics: [
                {
                  scope,
                  metrics: [
                    {
                      name: 'h',
                      unit: 's',
                      exponentialHistogram: {
                        aggregationTemporality: 1,
                        dataPoints: sets.map((s, i) => histogramPoint(s, `/r${i}`)),
                      },
                    },
                  ],
                },
              ],
            },
          ],
        };
        const ours = Buffer.from(writeMetricsRequest(req, new ProtoWriter(16))!);
        expect(ours.equals(Buffer.from(encodeMetricsRequest(req, 'protobuf')))).toBe(true);
      }),
      { seed: 11, numRuns: 60 },
    );
  });

  it('leaves explicit-bucket histograms and summaries to protobufjs', () => {
    const summary: OtlpMetricsRequest = {
      resourceMetrics: [
        { scopeMetrics: [{ metrics: [{ name: 's', summary: { dataPoints: [{ count: 1, sum: 2 }] } }] }] },
      ],
    };
    expect(writeMetricsRequest(summary)).toBeUndefined();
    expect(Buffer.from(encodeOwnMetricsRequest(summary, 'protobuf'))).toEqual(
      Buffer.from(encodeMetricsRequest(summary, 'protobuf')),
    );
  });
});

describe('MetricsRequestWriter', () => {
  it('streams point by point to the bytes of the equivalent request, and is reusable', () => {
    const writer = new MetricsRequestWriter(resource, scope, new ProtoWriter(8));
    const single: OtlpMetricsRequest = { resourceMetrics: [{ resource, scopeMetrics: [{ scope, metrics }] }] };
    const expected = Buffer.from(encodeMetricsRequest(single, 'protobuf'));
    for (let round = 0; round < 2; round++) {
      writer.begin();
      for (const metric of metrics.slice(0, 3)) {
        const field = metric.exponentialHistogram ? 'exponentialHistogram' : metric.sum ? 'sum' : 'gauge';
        const data = metric[field]!;
        writer.metric({ ...metric, ...data }, field);
        for (const point of data.dataPoints ?? []) writer.point(point);
        writer.endMetric();
      }
      writer.metric(metrics[3]!, 'gauge');
      writer.endMetric();
      const bytes = Buffer.from(writer.finish());
      // The last metric has no data kind in the object form; the streamed one carries an empty gauge.
      const decoded = decodeMetricsRequest(bytes, 'protobuf');
      const streamedMetrics = decoded.resourceMetrics?.[0]?.scopeMetrics?.[0]?.metrics ?? [];
      expect(streamedMetrics.slice(0, 3)).toEqual(
        decodeMetricsRequest(expected, 'protobuf').resourceMetrics?.[0]?.scopeMetrics?.[0]?.metrics?.slice(0, 3),
      );
      expect(streamedMetrics[3]).toEqual({ name: 'empty', gauge: {} });
    }
  });
});

describe('ProtoWriter', () => {
  it('writes lengths of 1, 2 and 3 bytes in front of nested bodies', () => {
    for (const size of [5, 127, 128, 300, 16_383, 16_384, 70_000]) {
      const w = new ProtoWriter(4);
      w.tag(1, 2).fork().string(1, 'a'.repeat(size)).ldelim().tag(2, 0).varint(9);
      const inner = Buffer.concat([Buffer.from([0x0a]), varint(size), Buffer.alloc(size, 'a')]);
      const expected = Buffer.concat([Buffer.from([0x0a]), varint(inner.length), inner, Buffer.from([0x10, 9])]);
      expect(Buffer.from(w.view()).equals(expected)).toBe(true);
    }
  });

  it('encodes fixed64 and int64 beyond 2^53 exactly', () => {
    const w = new ProtoWriter();
    w.fixed64('18446744073709551615')
      .int64('-1')
      .int64(2 ** 53 - 1);
    expect(Buffer.from(w.view()).toString('hex')).toBe(`${'ff'.repeat(8)}${'ff'.repeat(9)}01${'ffffffffffffff0f'}`);
  });
});

function varint(n: number): Buffer {
  const out: number[] = [];
  for (; n >= 0x80; n = Math.floor(n / 0x80)) out.push((n % 0x80) | 0x80);
  out.push(n);
  return Buffer.from(out);
}
