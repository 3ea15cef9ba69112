import { describe, expect, it } from 'vitest';
import {
  decodeMetricsRequest,
  decodeTracesRequest,
  encodeMetricsRequest,
  encodeOwnTracesRequest,
  encodeTracesRequest,
  OtlpDecodeError,
} from './codec.js';
import type { OtlpTracesRequest } from './types.js';

const traces: OtlpTracesRequest = {
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
      scopeSpans: [
        {
          scope: { name: '@stride/agent' },
          spans: [
            {
              traceId: '5b8efff798038103d269b633813fc60c',
              spanId: 'eee19b7ec3c1b174',
              parentSpanId: 'eee19b7ec3c1b173',
              name: 'GET /products/:id',
              kind: 2,
              startTimeUnixNano: '1795309737871000000',
              endTimeUnixNano: '1795309737971000123',
              attributes: [{ key: 'http.route', value: { stringValue: '/products/:id' } }],
              status: { code: 2, message: 'boom' },
            },
          ],
        },
      ],
    },
  ],
};

describe('OTLP codec', () => {
  it.each(['protobuf', 'json'] as const)('round-trips a traces request with hex ids over %s', (encoding) => {
    expect(decodeTracesRequest(encodeTracesRequest(traces, encoding), encoding)).toEqual(traces);
  });

  it.each(['protobuf', 'json'] as const)(
    'encodes the agent’s own traces to the same %s bytes without fromObject',
    (e) => {
      expect(Buffer.from(encodeOwnTracesRequest(traces, e))).toEqual(Buffer.from(encodeTracesRequest(traces, e)));
    },
  );

  it('reads OTLP/JSON trace ids as hex, as the specification requires', () => {
    const json = Buffer.from(JSON.stringify(traces));
    const span = decodeTracesRequest(json, 'json').resourceSpans![0]!.scopeSpans![0]!.spans![0]!;
    expect(span.traceId).toBe('5b8efff798038103d269b633813fc60c');
    const bad = JSON.stringify(traces).replace('eee19b7ec3c1b174', 'not-hex!');
    expect(() => decodeTracesRequest(Buffer.from(bad), 'json')).toThrow(/invalid spanId: expected hex/);
  });

  it('keeps nanosecond timestamps exact and says where a JSON body has the wrong type', () => {
    const req = {
      resourceMetrics: [
        {
          scopeMetrics: [
            { metrics: [{ name: 'm', gauge: { dataPoints: [{ timeUnixNano: '1795309737871000123', asDouble: 1 }] } }] },
          ],
        },
      ],
    };
    const point = decodeMetricsRequest(encodeMetricsRequest(req, 'protobuf'), 'protobuf').resourceMetrics![0]!
      .scopeMetrics![0]!.metrics![0]!.gauge!.dataPoints![0]!;
    expect(point.timeUnixNano).toBe('1795309737871000123');
    const wrong = '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":5}]}]}]}';
    expect(() => decodeMetricsRequest(Buffer.from(wrong), 'json')).toThrow(
      'resourceMetrics[0].scopeMetrics[0].metrics[0].name: expected a string, got number 5',
    );
    expect(() => decodeMetricsRequest(Buffer.from([0x0a, 0xff, 0x01, 3]), 'protobuf')).toThrow(OtlpDecodeError);
  });
});
