import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, startAgent } from './agent/start-agent.js';
import { type FlatPoint, pointsOf } from './testing/otlp-points.js';
import { startOtlpReceiver } from './testing/otlp-receiver.js';
import { startShopApp } from './testing/shop-app.js';

type Receiver = Awaited<ReturnType<typeof startOtlpReceiver>>;
type App = Awaited<ReturnType<typeof startShopApp>>;

/** "METHOD route status" → count, from http.server.request.duration points. */
function requestCounts(points: FlatPoint[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { attributes, point } of points) {
    const key = `${attributes['http.request.method']} ${attributes['http.route'] ?? '(none)'} ${attributes['http.response.status_code']}`;
    out[key] = (out[key] ?? 0) + Number(point.count);
  }
  return out;
}

describe('agent in a real Express 5 app with nested routers', () => {
  let receiver: Receiver;
  let app: App;
  let agent: Agent;
  const warnings: string[] = [];

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    agent = startAgent({
      serviceName: 'shop',
      endpoint: receiver.endpoint,
      apiKey: 'ingest-key',
      flushIntervalMillis: 3_600_000,
      logger: { warn: (m) => warnings.push(m) },
      env: {},
    });
    app = await startShopApp(express, agent.express());

    const get = (path: string) => fetch(app.url + path).then((r) => r.text());
    for (const path of ['/api/users/1/orders/10', '/api/users/2/orders/20', '/api/users/3/orders/30']) await get(path);
    for (const path of ['/api/products/1', '/api/products/2', '/', '/v2/items/9', '/api/stock/a1']) await get(path);
    for (const path of ['/api/boom', '/api/async-fail', '/no/such/page', '/api/nope', '/api/users/1/nope']) {
      await get(path);
    }
    await fetch(`${app.url}/api/stock/a1`, { method: 'PUT' });
    await fetch(`${app.url}/api/cart`, { method: 'POST', body: '{"sku":"a1","qty":2}' });
    // A chunked body (no Content-Length) is counted as it is read.
    const chunked = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('a'.repeat(300)));
        controller.enqueue(new TextEncoder().encode('b'.repeat(200)));
        controller.close();
      },
    });
    await fetch(`${app.url}/api/cart`, { method: 'POST', body: chunked, duplex: 'half' } as RequestInit);
    await fetch(`${app.url}/api/products/1`, { method: 'PROPFIND' });
    await agent.flush();
  });

  afterAll(async () => {
    await agent.shutdown();
    await app.close();
    await receiver.close();
  });

  it('pushes gzip protobuf with the bearer key', () => {
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.headers).toMatchObject({
      'content-type': 'application/x-protobuf',
      'content-encoding': 'gzip',
      authorization: 'Bearer ingest-key',
    });
  });

  it('labels requests with full route templates through nested routers and sub-apps', () => {
    const counts = requestCounts(
      pointsOf(
        receiver.received.map((r) => r.request),
        'http.server.request.duration',
      ),
    );
    expect(counts).toEqual({
      'GET /api/users/:userId/orders/:orderId 200': 3,
      'GET /api/products/:id 200': 2,
      'GET / 200': 1,
      'GET /v2/items/:itemId 200': 1,
      'GET /api/stock/:sku 200': 1,
      'PUT /api/stock/:sku 204': 1,
      'GET /api/boom 500': 1,
      'GET /api/async-fail 500': 1,
      'POST /api/cart 201': 2,
      // No route matched: no http.route, one series per method and status.
      'GET (none) 404': 3,
      '_OTHER (none) 404': 1,
    });
  });

  it('exports delta exponential histograms in seconds with the interval', () => {
    const [point] = pointsOf(
      receiver.received.map((r) => r.request),
      'http.server.request.duration',
    ).filter((p) => p.attributes['http.route'] === '/api/products/:id');
    expect(point?.metric.unit).toBe('s');
    expect(point?.metric.exponentialHistogram?.aggregationTemporality).toBe(1);
    expect(point?.point.min as number).toBeGreaterThan(0);
    expect(point?.point.max as number).toBeLessThan(10);
    expect(BigInt(point?.point.timeUnixNano as string)).toBeGreaterThan(
      BigInt(point?.point.startTimeUnixNano as string),
    );
  });

  it('records request and response body sizes in bytes', () => {
    const requests = receiver.received.map((r) => r.request);
    const sizeOf = (metric: string, route: string) =>
      pointsOf(requests, metric)
        .filter((p) => p.attributes['http.route'] === route)
        .map((p) => [p.point.min, p.point.max, p.metric.unit]);
    expect(sizeOf('http.server.response.body.size', '/api/products/:id')).toEqual([[100, 100, 'By']]);
    expect(sizeOf('http.server.request.body.size', '/api/cart')).toEqual([[20, 500, 'By']]);
    expect(sizeOf('http.server.request.body.size', '/api/products/:id')).toEqual([[0, 0, 'By']]);
  });

  it('sends runtime metrics under semantic-convention names', () => {
    const requests = receiver.received.map((r) => r.request);
    for (const name of [
      'nodejs.eventloop.utilization',
      'v8js.memory.heap.used',
      'v8js.memory.heap.space.size',
      'process.memory.usage',
      'process.cpu.utilization',
      'stride.agent.exported_batches',
    ]) {
      expect(pointsOf(requests, name).length, name).toBeGreaterThan(0);
    }
  });

  it('stays silent when nothing went wrong', () => {
    expect(warnings).toEqual([]);
    expect(agent.stats()).toMatchObject({ exportedBatches: 1, failedExports: 0, droppedBatches: 0 });
  });
});
