import { describe, expect, it } from 'vitest';
import { attributeMap } from '../testing/otlp-points.js';
import { RequestTrace } from './request-trace.js';
import { traceToSpans } from './trace-to-otlp.js';

describe('traceToSpans', () => {
  it('exports the server span, then each child with its error.type last, times as wall start + monotonic offsets', () => {
    const trace = new RequestTrace('GET', '/products/7?x=1', 1_700_000_000_000, 100);
    trace.traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    trace.spanId = '00f067aa0ba902b7';
    trace.route = '/products/:id';
    trace.statusCode = 500;
    trace.endMonoMs = 130;
    for (const [spanId, error] of [
      ['a1a1a1a1a1a1a1a1', undefined],
      ['b2b2b2b2b2b2b2b2', '57014'],
    ] as const) {
      const attributes = { 'db.query.text': 'SELECT * FROM products WHERE id = $1', 'db.response.returned_rows': 1 };
      trace.addChild(
        { spanId, name: 'SELECT products', kind: 3, startMonoMs: 101, endMonoMs: 111.5, attributes, error },
        10,
      );
    }
    const [server, ok, failed] = traceToSpans(trace, 'error');
    expect(server).toMatchObject({ name: 'GET /products/:id', kind: 2, status: { code: 2 } });
    expect(attributeMap(server!.attributes!)).toMatchObject({
      'url.path': '/products/7',
      'error.type': '500',
      'stride.sampling.reason': 'error',
    });
    expect(ok!.attributes!.map((kv) => kv.key)).toEqual(['db.query.text', 'db.response.returned_rows']);
    expect(failed!.attributes!.map((kv) => kv.key)).toEqual([
      'db.query.text',
      'db.response.returned_rows',
      'error.type',
    ]);
    expect([ok!.status, failed!.status]).toEqual([{ code: 0 }, { code: 2 }]);
    expect([ok!.parentSpanId, ok!.startTimeUnixNano, ok!.endTimeUnixNano]).toEqual([
      '00f067aa0ba902b7',
      '1700000000001000000',
      '1700000000011500000',
    ]);
  });
});
