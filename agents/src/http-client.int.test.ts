import http, { get as namedHttpGet } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, startAgent } from './agent/start-agent.js';
import { pointsOf } from './testing/otlp-points.js';
import { startOtlpReceiver } from './testing/otlp-receiver.js';
import { allSpans, requestNamed } from './testing/trace-spans.js';

type Receiver = Awaited<ReturnType<typeof startOtlpReceiver>>;

async function listen(app: express.Express): Promise<{ server: http.Server; url: string; port: number }> {
  const server = await new Promise<http.Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, port };
}

/** A port nothing listens on (bound, then released). */
async function deadPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** GET through node:http with `agent`, resolving with status and body. */
function nodeGet(url: string, agent: http.Agent, get = http.get): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { agent }, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('outbound HTTP instrumentation and trace propagation across two instrumented services', () => {
  let shopReceiver: Receiver;
  let paymentsReceiver: Receiver;
  let shop: Agent;
  let payments: Agent;
  let shopServer: Awaited<ReturnType<typeof listen>>;
  let paymentsServer: Awaited<ReturnType<typeof listen>>;
  const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const warnings: string[] = [];
  let dead = 0;
  let checkoutBody: unknown;

  const agentFor = (serviceName: string, endpoint: string) =>
    startAgent({
      serviceName,
      endpoint,
      flushIntervalMillis: 3_600_000,
      runtimeMetrics: false,
      tracing: { randomShare: 0 },
      logger: { warn: (m) => warnings.push(m) },
      env: {},
    });

  beforeAll(async () => {
    [shopReceiver, paymentsReceiver] = await Promise.all([startOtlpReceiver(), startOtlpReceiver()]);
    shop = agentFor('shop', shopReceiver.endpoint);
    payments = agentFor('payments', paymentsReceiver.endpoint);
    dead = await deadPort();

    const paymentsApp = express();
    paymentsApp.use(payments.express());
    paymentsApp.post('/charges/:id', (req, res) => {
      res.json({ charge: req.params.id, traceparent: req.headers.traceparent });
    });
    paymentsApp.get('/shipments/:id', (req, res) => {
      res.json({ shipment: req.params.id, traceparent: req.headers.traceparent });
    });
    paymentsApp.get('/fail', (_req, res) => {
      res.status(503).send('down');
    });
    paymentsServer = await listen(paymentsApp);
    const base = paymentsServer.url;

    const shopApp = express();
    shopApp.use(shop.express());
    shopApp.get('/checkout', async (_req, res) => {
      const charge = await (await fetch(`${base}/charges/ch_3MmlLrLkdIwHu7ix0snN0B15`, { method: 'POST' })).json();
      const first = await nodeGet(`${base}/shipments/41`, keepAlive);
      const second = await nodeGet(`${base}/shipments/42`, keepAlive, namedHttpGet);
      const failed = await fetch(`${base}/fail`);
      await failed.text();
      let refused = '';
      try {
        await fetch(`http://127.0.0.1:${dead}/nothing`);
      } catch (err) {
        refused = String((err as { cause?: { code?: string } }).cause?.code);
      }
      res.json({ charge, first: JSON.parse(first.body), second: JSON.parse(second.body), refused });
    });
    shopServer = await listen(shopApp);

    checkoutBody = await (await fetch(`${shopServer.url}/checkout`)).json();
    await Promise.all([shop.flush(), payments.flush()]);
  });

  afterAll(async () => {
    await Promise.all([shop?.shutdown(), payments?.shutdown()]);
    keepAlive.destroy();
    for (const s of [shopServer, paymentsServer]) {
      s?.server.closeAllConnections();
      await new Promise((resolve) => s?.server.close(resolve));
    }
    await Promise.all([shopReceiver?.close(), paymentsReceiver?.close()]);
  });

  const shopTraces = () => shopReceiver.receivedTraces.map((r) => r.request);
  const paymentsTraces = () => paymentsReceiver.receivedTraces.map((r) => r.request);

  it('adds a CLIENT span per outbound call, fetch and node:http, with template, status and socket reuse', () => {
    const [server, ...calls] = requestNamed(shopTraces(), 'GET /checkout');
    expect(server?.attributes['stride.sampling.reason']).toBe('slowest');
    expect(calls.map((c) => [c.name, c.attributes['http.response.status_code'], c.attributes['error.type']])).toEqual([
      ['POST /charges/{id}', '200', undefined],
      ['GET /shipments/{id}', '200', undefined],
      ['GET /shipments/{id}', '200', undefined],
      ['GET /fail', '503', '503'],
      ['GET /nothing', undefined, 'ECONNREFUSED'],
    ]);
    expect(calls[0]?.attributes).toMatchObject({
      'http.request.method': 'POST',
      'server.address': '127.0.0.1',
      'server.port': String(paymentsServer.port),
      'url.template': '/charges/{id}',
      'stride.socket.reused': 'false',
    });
    // the two GET /shipments/{id} calls go to different ids: one template, different targets
    expect(calls[1]?.attributes['stride.http.target_hash']).toMatch(/^[0-9a-f]{16}$/);
    expect(calls[1]?.attributes['url.template']).toBe(calls[2]?.attributes['url.template']);
    expect(calls[1]?.attributes['stride.http.target_hash']).not.toBe(calls[2]?.attributes['stride.http.target_hash']);
    // node:http through a keep-alive agent with one socket: the second call reuses the first one's connection
    expect([calls[1]?.attributes['stride.socket.reused'], calls[2]?.attributes['stride.socket.reused']]).toEqual([
      'false',
      'true',
    ]);
    expect(calls[3]?.span.status?.code).toBe(2);
    for (let i = 1; i < calls.length; i++) {
      expect(calls[i]!.offsetMs).toBeGreaterThanOrEqual(calls[i - 1]!.offsetMs + calls[i - 1]!.durationMs - 0.001);
    }
  });

  it('propagates traceparent: the payments server spans are children of the shop’s CLIENT spans', () => {
    const [shopServerSpan, charge, ship1, ship2, fail] = requestNamed(shopTraces(), 'GET /checkout');
    const traceId = shopServerSpan?.span.traceId;
    const paymentServerSpans = allSpans(paymentsTraces()).filter((s) => s.kind === 2);
    const parentOf = (name: string) =>
      paymentServerSpans.filter((s) => s.name === name).map((s) => [s.traceId, s.parentSpanId]);
    expect(parentOf('POST /charges/:id')).toEqual([[traceId, charge?.span.spanId]]);
    expect(parentOf('GET /shipments/:id').sort()).toEqual(
      [
        [traceId, ship1?.span.spanId],
        [traceId, ship2?.span.spanId],
      ].sort(),
    );
    expect(parentOf('GET /fail')).toEqual([[traceId, fail?.span.spanId]]);
    expect(checkoutBody).toMatchObject({
      charge: { traceparent: `00-${traceId}-${charge?.span.spanId}-01` },
      first: { traceparent: `00-${traceId}-${ship1?.span.spanId}-01` },
      refused: 'ECONNREFUSED',
    });
  });

  it('records http.client.request.duration by host, port, method, status, error and socket reuse', () => {
    const counts: Record<string, number> = {};
    for (const p of pointsOf(
      shopReceiver.received.map((r) => r.request),
      'http.client.request.duration',
    )) {
      const a = p.attributes;
      if (a['server.port'] !== String(paymentsServer.port) && a['server.port'] !== String(dead)) continue;
      const port = a['server.port'] === String(dead) ? 'dead' : 'payments';
      const key = `${a['http.request.method']} ${port} ${a['http.response.status_code']} ${a['error.type']} ${a['stride.socket.reused']}`;
      counts[key] = (counts[key] ?? 0) + Number(p.point.count);
      expect(p.metric.unit).toBe('s');
    }
    expect(counts).toEqual({
      'POST payments 200 undefined false': 1,
      'GET payments 200 undefined false': 1,
      'GET payments 200 undefined true': 1,
      // fetch's pool may or may not have the POST's connection free again by now
      ...(counts['GET payments 503 503 true']
        ? { 'GET payments 503 503 true': 1 }
        : { 'GET payments 503 503 false': 1 }),
      'GET dead undefined ECONNREFUSED undefined': 1,
    });
  });

  it('never measures the agent’s own exports', async () => {
    await shop.flush(); // this interval would hold the first flush's export if it were measured
    expect(shopReceiver.received.length).toBeGreaterThanOrEqual(2);
    const ports = pointsOf(
      shopReceiver.received.map((r) => r.request),
      'http.client.request.duration',
    ).map((p) => p.attributes['server.port']);
    expect(ports).not.toContain(String(shopReceiver.port));
    expect(warnings.filter((w) => w.includes('internal error'))).toEqual([]);
  });
});
