import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { decodeTracesResponse, encodeTracesRequest, type OtlpSpan, type OtlpTracesRequest } from '@stride/agent';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OverloadedError } from '../ingest/overloaded-error.js';
import type { SpanRecord } from '../ingest/spans.js';
import { silentLogger } from './logger.js';
import { createOtlpTracesRouter, type OtlpTracesRouterOptions } from './otlp-traces-routes.js';

const KEY = 'ingest-key-1';
const NOW_MS = Date.UTC(2025, 0, 1);
const nanos = (ms: number) => (BigInt(Math.round(ms * 1_000)) * 1_000n).toString();
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

const span = (spanId: string, over: Partial<OtlpSpan> = {}): OtlpSpan => ({
  traceId: TRACE,
  spanId,
  name: 'GET /products/:id',
  kind: 2,
  startTimeUnixNano: nanos(NOW_MS - 1_000.5),
  endTimeUnixNano: nanos(NOW_MS - 990),
  attributes: [{ key: 'http.route', value: { stringValue: '/products/:id' } }],
  ...over,
});
const request = (spans: OtlpSpan[]): OtlpTracesRequest => ({
  resourceSpans: [
    { resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] }, scopeSpans: [{ spans }] },
  ],
});

interface Harness {
  url: string;
  written: SpanRecord[];
  close(): Promise<void>;
}

async function harness(options: Partial<OtlpTracesRouterOptions> = {}): Promise<Harness> {
  const written: SpanRecord[] = [];
  const app = express();
  app.use(
    createOtlpTracesRouter({
      ingestKeys: [KEY],
      write: async (spans) => {
        written.push(...spans);
      },
      nowMs: () => NOW_MS,
      logger: silentLogger,
      ...options,
    }),
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    written,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function post(
  url: string,
  body: Uint8Array | string,
  {
    type = 'application/x-protobuf',
    key = KEY,
    gzip = false,
  }: { type?: string; key?: string | null; gzip?: boolean } = {},
) {
  const headers: Record<string, string> = { 'content-type': type };
  if (key !== null) headers['authorization'] = `Bearer ${key}`;
  if (gzip) headers['content-encoding'] = 'gzip';
  const payload = gzip ? gzipSync(body) : typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
  const res = await fetch(url, { method: 'POST', headers, body: payload });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

describe('POST /v1/traces', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('accepts protobuf, JSON and gzipped bodies and answers an empty ExportTraceServiceResponse', async () => {
    const body = request([span('00f067aa0ba902b7')]);
    for (const [encoding, type, gzip] of [
      ['protobuf', 'application/x-protobuf', false],
      ['json', 'application/json', false],
      ['protobuf', 'application/x-protobuf', true],
      ['json', 'application/json; charset=utf-8', true],
    ] as const) {
      h.written.length = 0;
      const res = await post(h.url, encodeTracesRequest(body, encoding), { type, gzip });
      expect(res.status, `${encoding} gzip=${gzip}`).toBe(200);
      expect(res.headers.get('content-type')).toContain(
        encoding === 'json' ? 'application/json' : 'application/x-protobuf',
      );
      expect(decodeTracesResponse(res.bytes, encoding)).toEqual({});
      expect(h.written).toEqual([
        expect.objectContaining({ traceId: TRACE, spanId: '00f067aa0ba902b7', service: 'shop', durationMs: 10.5 }),
      ]);
    }
  });

  it('keeps valid spans and reports rejected ones in partialSuccess with the path', async () => {
    h.written.length = 0;
    const body = request([span('00f067aa0ba902b7'), span('abcd'), span('1111111111111111', { endTimeUnixNano: '1' })]);
    const res = await post(h.url, encodeTracesRequest(body, 'json'), { type: 'application/json' });
    expect(res.status).toBe(200);
    const { partialSuccess } = decodeTracesResponse(res.bytes, 'json');
    expect(partialSuccess?.rejectedSpans).toBe('2');
    expect(partialSuccess?.errorMessage).toContain(
      '2 spans rejected: resourceSpans[0].scopeSpans[0].spans[1].spanId: expected 16 hex characters, got "abcd"',
    );
    expect(partialSuccess?.errorMessage).toContain('spans[2].endTimeUnixNano: end is before start');
    expect(h.written.map((s) => s.spanId)).toEqual(['00f067aa0ba902b7']);
  });

  it('answers 400 for a malformed body, 401 without a known key, 415 for other types', async () => {
    const bad = await post(h.url, '{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "zz"}]}]}]}', {
      type: 'application/json',
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(Buffer.from(bad.bytes).toString())).toMatchObject({
      code: 3,
      message: expect.stringMatching(/traceId/),
    });
    expect((await post(h.url, Buffer.from([0xff, 0xff, 0xff]))).status).toBe(400);
    expect((await post(h.url, encodeTracesRequest(request([]), 'protobuf'), { key: null })).status).toBe(401);
    expect((await post(h.url, encodeTracesRequest(request([]), 'protobuf'), { key: 'wrong' })).status).toBe(401);
    expect((await post(h.url, 'x', { type: 'text/plain' })).status).toBe(415);
  });
});

describe('POST /v1/traces limits and back-pressure', () => {
  it('answers 413 over the body limit', async () => {
    const h = await harness({ maxBodyBytes: 1_024 });
    try {
      const spans = Array.from({ length: 40 }, (_, i) => span((i + 1).toString(16).padStart(16, '0')));
      const res = await post(h.url, encodeTracesRequest(request(spans), 'protobuf'));
      expect(res.status).toBe(413);
    } finally {
      await h.close();
    }
  });

  it('answers 503 with Retry-After when the store is overloaded, and 503 (logged) when it fails', async () => {
    const logged: string[] = [];
    const overloaded = await harness({
      write: async () => {
        throw new OverloadedError('trace store busy', 7);
      },
    });
    const broken = await harness({
      write: async () => {
        throw new Error('disk full');
      },
      logger: { ...silentLogger, error: (m) => logged.push(m) },
    });
    try {
      const body = encodeTracesRequest(request([span('00f067aa0ba902b7')]), 'protobuf');
      const busy = await post(overloaded.url, body);
      expect(busy.status).toBe(503);
      expect(busy.headers.get('retry-after')).toBe('7');
      const failed = await post(broken.url, body);
      expect(failed.status).toBe(503);
      expect(failed.headers.get('retry-after')).toBe('5');
      expect(logged).toEqual(['otlp ingest: storing spans failed']);
    } finally {
      await overloaded.close();
      await broken.close();
    }
  });

  it('answers 429 with Retry-After past the in-flight limit', async () => {
    let release!: () => void;
    let entered!: () => void;
    const blocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    const writing = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const h = await harness({
      maxInFlightRequests: 1,
      write: () => {
        entered();
        return blocked;
      },
    });
    try {
      const body = encodeTracesRequest(request([span('00f067aa0ba902b7')]), 'protobuf');
      const first = post(h.url, body);
      await writing; // the first request now holds the only slot until its write resolves
      const busy = await post(h.url, body);
      expect(busy.status).toBe(429);
      expect(busy.headers.get('retry-after')).toBe('1');
      release();
      expect((await first).status).toBe(200);
    } finally {
      release();
      await h.close();
    }
  });
});
