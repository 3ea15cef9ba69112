import { gzipSync } from 'node:zlib';
import { ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { encodeTracesRequest, type OtlpSpan } from '@stride/agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './testing/test-service.js';

const INGEST_KEY = 'ingest-key-1';
const ADMIN = 'traces-admin-token-0123456789';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field.
type Json = any;

let service: TestService;
let base: string;

beforeAll(async () => {
  service = await startTestService({ STRIDE_INGEST_KEYS: INGEST_KEY, STRIDE_ADMIN_TOKEN: ADMIN }, 'stride-traces-e2e-');
  base = service.url;
});

afterAll(async () => {
  await service?.close();
});

async function call(
  method: string,
  pathAndQuery: string,
  { token = ADMIN, body }: { token?: string; body?: unknown } = {},
) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${pathAndQuery}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text === '' ? null : (JSON.parse(text) as Json) };
}
const api = async (pathAndQuery: string) => {
  const res = await call('GET', pathAndQuery);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json;
};

const headers = { Authorization: `Bearer ${INGEST_KEY}` };
function tracerFor(service: string, exporter: SpanExporter) {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  return { provider, tracer: provider.getTracer('e2e') };
}

/**
 * One checkout as the commerce shop would record it: shop SERVER span with a pg query and an outbound call to
 * payments, whose SERVER span (its own process, here its own provider and exporter) continues the trace from the
 * propagated context, with a pg query of its own. Times are explicit so durations are exact.
 */
async function checkout(shopExporter: SpanExporter, paymentsExporter: SpanExporter, startMs: number) {
  const shop = tracerFor('shop', shopExporter);
  const payments = tracerFor('payments', paymentsExporter);
  const at = (offsetMs: number) => startMs + offsetMs;
  const root = shop.tracer.startSpan(
    'POST /checkout',
    {
      kind: SpanKind.SERVER,
      startTime: at(0),
      attributes: { 'http.request.method': 'POST', 'http.route': '/checkout', 'url.path': '/checkout' },
    },
    ROOT_CONTEXT,
  );
  const inRoot = trace.setSpan(ROOT_CONTEXT, root);
  const query = shop.tracer.startSpan(
    'SELECT carts',
    {
      kind: SpanKind.CLIENT,
      startTime: at(1.25),
      attributes: {
        'db.system.name': 'postgresql',
        'db.query.text': 'SELECT * FROM carts WHERE id = $1',
        'db.response.returned_rows': 3,
      },
    },
    inRoot,
  );
  query.end(at(3.5));
  const outbound = shop.tracer.startSpan(
    'POST',
    {
      kind: SpanKind.CLIENT,
      startTime: at(4),
      attributes: { 'server.address': '127.0.0.1', 'stride.socket.reused': true, 'http.response.status_code': 200 },
    },
    inRoot,
  );
  // W3C traceparent carries the outbound span's context to payments.
  const propagated = trace.setSpanContext(ROOT_CONTEXT, outbound.spanContext());
  const charge: Span = payments.tracer.startSpan(
    'POST /charge',
    {
      kind: SpanKind.SERVER,
      startTime: at(5),
      attributes: { 'http.request.method': 'POST', 'http.route': '/charge', 'http.response.status_code': 200 },
    },
    propagated,
  );
  const insert = payments.tracer.startSpan(
    'INSERT payments',
    { kind: SpanKind.CLIENT, startTime: at(6), attributes: { 'db.system.name': 'postgresql' } },
    trace.setSpan(ROOT_CONTEXT, charge),
  );
  insert.end(at(20));
  charge.end(at(30));
  // Payments answers (and exports) before the shop's request ends: its spans reach stride first.
  await payments.provider.forceFlush();
  outbound.end(at(31));
  root.setAttribute('http.response.status_code', 201);
  root.end(at(40.5));
  await shop.provider.forceFlush();
  await Promise.all([shop.provider.shutdown(), payments.provider.shutdown()]);
  return root.spanContext().traceId;
}

describe('traces from the OpenTelemetry SDK', () => {
  it.each([
    ['protobuf', (url: string) => new ProtoTraceExporter({ url, headers })],
    ['JSON', (url: string) => new JsonTraceExporter({ url, headers })],
    ['gzipped protobuf', (url: string) => new ProtoTraceExporter({ url, headers, compression: 'gzip' as never })],
  ])('merges two services into one trace (%s exporter)', async (_name, exporter) => {
    const startMs = Date.now() - 5_000;
    const traceId = await checkout(exporter(`${base}/v1/traces`), exporter(`${base}/v1/traces`), startMs);

    const { traces } = await api(`/api/v1/traces?service=shop&from=now-1m&to=now%2B1m&limit=1000`);
    const summary = traces.find((t: Json) => t.traceId === traceId);
    expect(summary).toEqual({
      traceId,
      service: 'shop',
      route: '/checkout',
      method: 'POST',
      status: 201,
      startTime: startMs,
      durationMs: 40.5,
      spanCount: 5,
      error: false,
      services: ['payments', 'shop'],
    });
    // Listed for payments too: it took part, though the root is the shop's.
    const forPayments = await api(`/api/v1/traces?service=payments&from=now-1m&to=now%2B1m&limit=1000`);
    expect(forPayments.traces.map((t: Json) => t.traceId)).toContain(traceId);

    const detail = await api(`/api/v1/traces/${traceId}`);
    expect(detail.traceId).toBe(traceId);
    const spans = detail.spans as Json[];
    expect(spans.map((s) => [s.service, s.name, s.kind])).toEqual([
      ['shop', 'POST /checkout', 'server'],
      ['shop', 'SELECT carts', 'client'],
      ['shop', 'POST', 'client'],
      ['payments', 'POST /charge', 'server'],
      ['payments', 'INSERT payments', 'client'],
    ]);
    const [root, query, outbound, charge, insert] = spans;
    expect(root.parentSpanId).toBeNull();
    expect(query.parentSpanId).toBe(root.spanId);
    expect(charge.parentSpanId).toBe(outbound.spanId);
    expect(insert.parentSpanId).toBe(charge.spanId);
    expect(query.startTime).toBe(startMs + 1.25);
    expect(query.durationMs).toBe(2.25);
    expect(query.attributes).toEqual({
      'db.system.name': 'postgresql',
      'db.query.text': 'SELECT * FROM carts WHERE id = $1',
      'db.response.returned_rows': 3,
    });
    expect(outbound.attributes['stride.socket.reused']).toBe(true);
    expect(root.status).toBe('unset');
  });

  it('flags errors and filters by status, duration and route, sorted slowest first', async () => {
    const { provider, tracer } = tracerFor('search', new ProtoTraceExporter({ url: `${base}/v1/traces`, headers }));
    const startMs = Date.now() - 3_000;
    const ids: string[] = [];
    for (const [i, [durationMs, status]] of (
      [
        [15, 200],
        [250, 200],
        [90, 503],
      ] as const
    ).entries()) {
      const span = tracer.startSpan(
        'GET /search',
        {
          kind: SpanKind.SERVER,
          startTime: startMs + i,
          attributes: { 'http.request.method': 'GET', 'http.route': '/search', 'http.response.status_code': status },
        },
        ROOT_CONTEXT,
      );
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream timeout' });
      span.end(startMs + i + durationMs);
      ids.push(span.spanContext().traceId);
    }
    await provider.forceFlush();
    await provider.shutdown();

    const list = async (query: string) =>
      (await api(`/api/v1/traces?service=search&from=now-1m&to=now%2B1m&${query}`)).traces.map((t: Json) =>
        ids.indexOf(t.traceId),
      );
    expect(await list('sort=duration')).toEqual([1, 2, 0]);
    expect(await list('sort=start')).toEqual([2, 1, 0]);
    expect(await list('status=error')).toEqual([2]);
    expect(await list('status=5xx')).toEqual([2]);
    expect(await list('status=200&sort=duration')).toEqual([1, 0]);
    expect(await list('minDurationMs=90&sort=duration')).toEqual([1, 2]);
    expect(await list('route=/search&method=get&limit=1&sort=duration')).toEqual([1]);
    expect(await list('route=/other')).toEqual([]);
    const failed = await api(`/api/v1/traces/${ids[2]}`);
    expect(failed.spans[0]).toMatchObject({ status: 'error', statusMessage: 'upstream timeout' });
  });
});

describe('hand-built OTLP trace bodies', () => {
  const post = (body: Uint8Array, type: string, gzip = false) =>
    fetch(`${base}/v1/traces`, {
      method: 'POST',
      headers: { ...headers, 'content-type': type, ...(gzip ? { 'content-encoding': 'gzip' } : {}) },
      body: gzip ? gzipSync(body) : Buffer.from(body),
    });
  const nanos = (ms: number) => (BigInt(Math.round(ms * 1_000)) * 1_000n).toString();

  it('stores valid spans, reports the rejected ones, and serves them', async () => {
    const t0 = Date.now() - 2_000;
    const traceId = 'aa'.repeat(16);
    const span = (spanId: string, over: Partial<OtlpSpan> = {}): OtlpSpan => ({
      traceId,
      spanId,
      name: 'GET /cart',
      kind: 2,
      startTimeUnixNano: nanos(t0),
      endTimeUnixNano: nanos(t0 + 12.345),
      attributes: [
        { key: 'http.route', value: { stringValue: '/cart' } },
        { key: 'http.request.method', value: { stringValue: 'GET' } },
        { key: 'http.response.status_code', value: { intValue: '200' } },
      ],
      ...over,
    });
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'cart' } }] },
          scopeSpans: [
            {
              spans: [
                span('0000000000000001'),
                span('0000000000000000'),
                span('0000000000000002', {
                  parentSpanId: '0000000000000001',
                  kind: 3,
                  name: 'GET',
                  startTimeUnixNano: nanos(t0 + 1),
                  endTimeUnixNano: nanos(t0 + 2),
                  attributes: [],
                }),
              ],
            },
          ],
        },
      ],
    };
    const res = await post(encodeTracesRequest(body, 'json'), 'application/json', true);
    expect(res.status).toBe(200);
    const answer = (await res.json()) as Json;
    expect(answer.partialSuccess.rejectedSpans).toBe('1');
    expect(answer.partialSuccess.errorMessage).toContain('spans[1].spanId: spanId must not be all zeros');

    const detail = await api(`/api/v1/traces/${traceId.toUpperCase()}`);
    expect(detail.spans.map((s: Json) => s.spanId)).toEqual(['0000000000000001', '0000000000000002']);
    expect(detail.spans[0].durationMs).toBeCloseTo(12.345, 9);
    const { traces } = await api('/api/v1/traces?service=cart&from=now-1m&to=now%2B1m');
    expect(traces).toEqual([
      expect.objectContaining({ traceId, route: '/cart', method: 'GET', status: 200, spanCount: 2 }),
    ]);
  });

  it('answers 400 for a malformed body and 401 without a key', async () => {
    expect((await post(Buffer.from('{"resourceSpans": 5}'), 'application/json')).status).toBe(400);
    const noKey = await fetch(`${base}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(noKey.status).toBe(401);
  });
});

describe('trace API input errors', () => {
  it.each([
    ['/api/v1/traces?limit=0', 400, 'query parameter "limit" must be an integer from 1 to 1000'],
    ['/api/v1/traces?limit=abc', 400, '"limit"'],
    ['/api/v1/traces?status=teapot', 400, 'query parameter "status" must be error, ok, a status code'],
    ['/api/v1/traces?sort=random', 400, 'query parameter "sort" must be one of start, duration'],
    ['/api/v1/traces?minDurationMs=-1', 400, '"minDurationMs" must be a number of milliseconds'],
    ['/api/v1/traces?from=now&to=now-1h', 400, '"from" must be before `to`'],
    ['/api/v1/traces?method=G%20T', 400, '"method" must be an HTTP method'],
    ['/api/v1/traces/xyz', 400, 'path parameter "traceId" must be 32 hex characters'],
    ['/api/v1/traces/0123456789abcdef0123456789abcdef', 404, 'no trace with id'],
  ])('GET %s → %i', async (url, status, message) => {
    const res = await call('GET', url);
    expect(res.status).toBe(status);
    expect(res.json.error.message).toContain(message);
  });

  it('needs a token', async () => {
    expect((await call('GET', '/api/v1/traces', { token: 'nope' })).status).toBe(401);
  });
});
