import type { OtlpKeyValue, OtlpSpan, OtlpTracesRequest } from '@stride/agent';
import { describe, expect, it } from 'vitest';
import { convertTracesRequest, toSpanAttributes } from './convert-traces.js';
import { DEFAULT_TRACE_LIMITS } from './trace-limits.js';

const NOW_MS = Date.UTC(2025, 0, 1);
const nanos = (ms: number, extraNanos = 0) => (BigInt(ms) * 1_000_000n + BigInt(extraNanos)).toString();
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

const span = (over: Partial<OtlpSpan> = {}): OtlpSpan => ({
  traceId: TRACE,
  spanId: '00f067aa0ba902b7',
  name: 'GET /products/:id',
  kind: 2,
  startTimeUnixNano: nanos(NOW_MS - 1_000, 123_456),
  endTimeUnixNano: nanos(NOW_MS - 988, 623_456),
  ...over,
});
const request = (spans: OtlpSpan[], service: string | null = 'shop'): OtlpTracesRequest => ({
  resourceSpans: [
    {
      resource: { attributes: service === null ? [] : [{ key: 'service.name', value: { stringValue: service } }] },
      scopeSpans: [{ scope: { name: 'stride' }, spans }],
    },
  ],
});
const convert = (req: OtlpTracesRequest) => convertTracesRequest(req, { nowMs: NOW_MS });

describe('convertTracesRequest', () => {
  it('turns a span into a record with sub-ms start, duration, kind, status and typed attributes', () => {
    const result = convert(
      request([
        span({
          parentSpanId: 'a1b2c3d4e5f60718',
          kind: 3,
          status: { code: 2, message: 'connection reset' },
          attributes: [
            { key: 'db.response.returned_rows', value: { intValue: '3' } },
            { key: 'stride.socket.reused', value: { boolValue: true } },
            { key: 'ratio', value: { doubleValue: 0.5 } },
            { key: 'big', value: { intValue: '9007199254740993' } },
          ],
        }),
      ]),
    );
    expect(result).toEqual({
      rejected: 0,
      errors: [],
      spans: [
        {
          traceId: TRACE,
          spanId: '00f067aa0ba902b7',
          parentSpanId: 'a1b2c3d4e5f60718',
          service: 'shop',
          name: 'GET /products/:id',
          kind: 'client',
          startMs: NOW_MS - 1_000 + 0.123,
          durationMs: 12.5,
          status: 'error',
          statusMessage: 'connection reset',
          attributes: {
            'db.response.returned_rows': 3,
            'stride.socket.reused': true,
            ratio: 0.5,
            big: '9007199254740993',
          },
        },
      ],
    });
  });

  it('treats an empty parent as a root and a missing service.name as unknown_service', () => {
    const [record] = convert(request([span({ parentSpanId: '' })], null)).spans;
    expect(record).toMatchObject({ parentSpanId: null, service: 'unknown_service', status: 'unset', kind: 'server' });
  });

  it.each([
    [{ traceId: 'abc' }, 'spans[0].traceId: expected 32 hex characters, got "abc"'],
    [{ traceId: '0'.repeat(32) }, 'spans[0].traceId: traceId must not be all zeros'],
    [{ spanId: '00f067aa0ba902' }, 'spans[0].spanId: expected 16 hex characters'],
    [{ parentSpanId: 'xyz' }, 'spans[0].parentSpanId: expected 16 hex characters'],
    [{ name: '' }, 'spans[0].name: span name must not be empty'],
    [{ kind: 9 }, 'spans[0].kind: expected a SpanKind 0-5, got 9'],
    [{ startTimeUnixNano: '0' }, 'spans[0].startTimeUnixNano: span start time is required'],
    [{ endTimeUnixNano: nanos(NOW_MS - 1_003) }, 'spans[0].endTimeUnixNano: end is before start by 3.123456 ms'],
    [{ startTimeUnixNano: 'soon' }, 'spans[0].startTimeUnixNano: expected unix nanoseconds, got "soon"'],
    [
      { startTimeUnixNano: nanos(NOW_MS + 3_600_000), endTimeUnixNano: nanos(NOW_MS + 3_600_001) },
      'spans[0].startTimeUnixNano: span starts 3600000 ms in the future',
    ],
    [
      { startTimeUnixNano: nanos(NOW_MS - 8 * 86_400_000), endTimeUnixNano: nanos(NOW_MS - 8 * 86_400_000 + 1) },
      'spans[0].startTimeUnixNano: span starts before the trace retention',
    ],
    [
      { startTimeUnixNano: nanos(NOW_MS - 2 * 86_400_000), endTimeUnixNano: nanos(NOW_MS) },
      'spans[0].endTimeUnixNano: span lasts 172800000 ms',
    ],
  ] as [Partial<OtlpSpan>, string][])('rejects %j with a path-bearing reason', (over, message) => {
    const result = convert(request([span(over), span({ spanId: '1111111111111111' })]));
    expect(result.rejected).toBe(1);
    expect(result.spans.map((s) => s.spanId)).toEqual(['1111111111111111']);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain(`resourceSpans[0].scopeSpans[0].${message}`);
  });

  it('rejects every span of a resource whose service.name is too long, and caps the messages kept', () => {
    const spans = Array.from({ length: 30 }, (_, i) => span({ spanId: (i + 1).toString(16).padStart(16, '0') }));
    const result = convertTracesRequest(
      {
        resourceSpans: [
          ...request(spans, 'x'.repeat(2_000)).resourceSpans!,
          ...request([span({ name: '' })]).resourceSpans!,
        ],
      },
      { nowMs: NOW_MS, limits: { maxErrorMessages: 1 } },
    );
    expect(result.rejected).toBe(31);
    expect(result.errors).toEqual([
      'resourceSpans[0].resource.attributes.service.name: service.name of 2000 characters exceeds 1024',
    ]);
  });

  it('honours a custom retention as the oldest accepted start', () => {
    const old = span({ startTimeUnixNano: nanos(NOW_MS - 3_600_000), endTimeUnixNano: nanos(NOW_MS - 3_599_000) });
    expect(convertTracesRequest(request([old]), { nowMs: NOW_MS, limits: { maxAgeMillis: 60_000 } }).rejected).toBe(1);
    expect(convert(request([old])).rejected).toBe(0);
  });
});

describe('toSpanAttributes', () => {
  const limits = DEFAULT_TRACE_LIMITS;
  const kv = (key: string, stringValue: string): OtlpKeyValue => ({ key, value: { stringValue } });

  it('flattens arrays and maps to JSON, lets later duplicates win and keeps __proto__ a plain key', () => {
    const attributes = toSpanAttributes(
      [
        { key: 'tags', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '1' }] } } },
        kv('k', 'first'),
        kv('k', 'second'),
        kv('__proto__', 'x'),
      ],
      limits,
    );
    expect(attributes).toEqual({ tags: '["a",1]', k: 'second', ['__proto__']: 'x' });
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
  });

  it('names the attribute over a limit', () => {
    expect(() => toSpanAttributes([kv('db.query.text', 'x'.repeat(5_000))], limits)).toThrow(
      'attribute value of 5000 characters exceeds 4096',
    );
    expect(() => toSpanAttributes([kv('', 'x')], limits)).toThrow('attribute key must not be empty');
    const many = Array.from({ length: 129 }, (_, i) => kv(`a${i}`, 'v'));
    expect(() => toSpanAttributes(many, limits)).toThrow('129 attributes exceed the limit of 128');
  });
});
