import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeTracesRequest, encodeOwnTracesRequest, encodeTracesRequest } from './codec.js';
import { ProtoWriter } from './proto-writer.js';
import { writeTracesRequest } from './traces-writer.js';
import type { OtlpSpan, OtlpTracesRequest } from './types.js';

const kv = (key: string, value: object) => ({ key, value });
const resource = { attributes: [kv('service.name', { stringValue: 'shop' }), kv('n', { intValue: '-42' })] };
const scope = { name: '@stride/agent', version: '0.1.0' };
const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';

const server: OtlpSpan = {
  traceId,
  spanId: '00f067aa0ba902b7',
  name: 'GET /products/:id',
  kind: 2,
  startTimeUnixNano: '1795309737871000000',
  endTimeUnixNano: '1795309737902512345',
  attributes: [
    kv('http.request.method', { stringValue: 'GET' }),
    kv('http.response.status_code', { intValue: '200' }),
    kv('stride.sampling.reason', { stringValue: 'slowest' }),
  ],
  status: { code: 0 },
};
const client: OtlpSpan = {
  traceId,
  spanId: 'A1B2C3D4E5F60718',
  parentSpanId: '00f067aa0ba902b7',
  name: 'SELECT products',
  kind: 3,
  startTimeUnixNano: '1795309737872000000',
  endTimeUnixNano: '1795309737890000000',
  attributes: [
    kv('db.query.text', { stringValue: 'SELECT * FROM products WHERE id = $1 — é✓' }),
    kv('db.response.returned_rows', { intValue: '1' }),
    kv('ratio', { doubleValue: 0.25 }),
    kv('cached', { boolValue: false }),
  ],
  droppedAttributesCount: 2,
  status: { code: 2, message: 'boom' },
  flags: 0x101,
};
const request = (spans: OtlpSpan[]): OtlpTracesRequest => ({
  resourceSpans: [{ resource, scopeSpans: [{ scope, spans, schemaUrl: 'https://x/1' }], schemaUrl: 'https://y' }],
});

describe('writeTracesRequest', () => {
  it('writes the same bytes as protobufjs for the spans the agent sends, ids as bytes from hex', () => {
    const req = request([server, client]);
    const ours = Buffer.from(writeTracesRequest(req)!);
    expect(ours.equals(Buffer.from(encodeTracesRequest(req, 'protobuf')))).toBe(true);
    const spans = decodeTracesRequest(ours, 'protobuf').resourceSpans?.[0]?.scopeSpans?.[0]?.spans;
    expect(spans?.map((s) => [s.traceId, s.spanId, s.parentSpanId, s.status])).toEqual([
      [traceId, '00f067aa0ba902b7', undefined, {}],
      [traceId, 'a1b2c3d4e5f60718', '00f067aa0ba902b7', { code: 2, message: 'boom' }],
    ]);
    expect(Buffer.from(encodeOwnTracesRequest(req, 'protobuf')).equals(ours)).toBe(true);
  });

  it('agrees with protobufjs on random spans, including requests long enough for multi-byte lengths', () => {
    const hex = (bytes: number) =>
      fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => Buffer.from(b).toString('hex'));
    const value = fc.oneof(
      fc.string().map((s) => ({ stringValue: s })),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => ({ intValue: String(n) })),
      fc.double({ noNaN: true }).map((d) => ({ doubleValue: d })),
      fc.boolean().map((b) => ({ boolValue: b })),
    );
    const span = fc.record(
      {
        traceId: hex(16),
        spanId: hex(8),
        parentSpanId: hex(8),
        name: fc.string({ maxLength: 80 }),
        kind: fc.integer({ min: 0, max: 5 }),
        startTimeUnixNano: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String),
        endTimeUnixNano: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String),
        attributes: fc.array(fc.record({ key: fc.string({ maxLength: 40 }), value }), { maxLength: 12 }),
        status: fc.record({ code: fc.integer({ min: 0, max: 2 }) }),
      },
      { requiredKeys: ['traceId', 'spanId', 'name', 'startTimeUnixNano', 'endTimeUnixNano'] },
    );
    fc.assert(
      fc.property(fc.array(span, { minLength: 1, maxLength: 30 }), (spans) => {
        const req = request(spans as OtlpSpan[]);
        const ours = Buffer.from(writeTracesRequest(req, new ProtoWriter(16))!);
        expect(ours.equals(Buffer.from(encodeTracesRequest(req, 'protobuf')))).toBe(true);
      }),
      { seed: 7, numRuns: 80 },
    );
  });

  it('leaves span events, links and ids that are not hex to protobufjs', () => {
    const withEvent = request([{ ...server, events: [{ name: 'e', timeUnixNano: '1' }] }]);
    expect(writeTracesRequest(withEvent)).toBeUndefined();
    expect(Buffer.from(encodeOwnTracesRequest(withEvent, 'protobuf'))).toEqual(
      Buffer.from(encodeTracesRequest(withEvent, 'protobuf')),
    );
    expect(writeTracesRequest(request([{ ...server, spanId: 'not-hex!' }]))).toBeUndefined();
    expect(() => encodeOwnTracesRequest(request([{ ...server, spanId: 'not-hex!' }]), 'protobuf')).toThrow(/spanId/);
  });
});
