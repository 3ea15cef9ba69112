// End to end with Stride's own agent: a real Express app (nested routers) instrumented by @stride/agent pushes
// over OTLP/HTTP protobuf+gzip to a real `stride serve`; the query API must report exactly what was served.
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Agent, startAgent } from '@stride/agent';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from './config/config.js';
import { createServer, type StrideServer } from './server.js';

const INGEST_KEY = 'agent-e2e-ingest-key';
const ADMIN = 'agent-e2e-admin-token-0123';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field.
type Json = any;

let stride: StrideServer;
let strideUrl: string;
let dataDir: string;
let agent: Agent;
let shop: Server;
let shopUrl: string;

function shopApp(instrumentation: Agent) {
  const app = express();
  app.use(instrumentation.express());
  const users = express.Router();
  const orders = express.Router({ mergeParams: true });
  orders.get('/:orderId', (req, res) => {
    res.json({ user: (req.params as Record<string, string>).userId, order: req.params.orderId });
  });
  users.use('/:userId/orders', orders);
  app.use('/api/users', users);
  app.get('/products/:id', async (req, res) => {
    await new Promise((resolve) => setTimeout(resolve, 20)); // a route with a known floor on its latency
    res.json({ id: req.params.id });
  });
  app.post('/checkout', (_req, res) => {
    res.status(503).json({ error: 'payments unavailable' });
  });
  return app;
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'stride-agent-e2e-'));
  const config = parseConfig({
    env: { STRIDE_DATA_DIR: dataDir, STRIDE_INGEST_KEYS: INGEST_KEY, STRIDE_ADMIN_TOKEN: ADMIN },
  });
  stride = await createServer({ ...config, port: 0 });
  strideUrl = (await stride.listen()).url;
  agent = startAgent({
    serviceName: 'agent-e2e-shop',
    endpoint: strideUrl,
    apiKey: INGEST_KEY,
    flushIntervalMillis: 3_600_000, // exports only when the test calls flush()
  });
  shop = shopApp(agent).listen(0, '127.0.0.1');
  await new Promise((resolve) => shop.once('listening', resolve));
  const address = shop.address();
  shopUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  await agent?.shutdown();
  await new Promise((resolve) => shop?.close(resolve));
  await stride?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function api(pathAndQuery: string): Promise<Json> {
  const res = await fetch(`${strideUrl}${pathAndQuery}`, { headers: { authorization: `Bearer ${ADMIN}` } });
  expect(res.status).toBe(200);
  return res.json();
}

describe('@stride/agent in an Express app → stride serve → query API', () => {
  it('reports exact request counts per route template, error rates, and latencies the app really had', async () => {
    for (let i = 0; i < 25; i++) await fetch(`${shopUrl}/products/${i}`).then((r) => r.text());
    for (let i = 0; i < 12; i++) await fetch(`${shopUrl}/api/users/${i}/orders/${i * 7}`).then((r) => r.text());
    for (let i = 0; i < 4; i++) await fetch(`${shopUrl}/checkout`, { method: 'POST' }).then((r) => r.text());
    for (let i = 0; i < 3; i++) await fetch(`${shopUrl}/no/such/page/${i}`).then((r) => r.text());
    await agent.flush();
    expect(agent.stats()).toMatchObject({ failedExports: 0, droppedBatches: 0, rejectedPoints: 0 });

    const { routes } = await api('/api/v1/services/agent-e2e-shop/routes?from=now-10m&to=now%2B1m');
    const byRoute = Object.fromEntries(routes.map((r: Json) => [`${r.method} ${r.route}`, r]));
    expect(byRoute['GET /products/:id']).toMatchObject({ requests: 25, errorRate: 0 });
    expect(byRoute['GET /products/:id'].p50Ms).toBeGreaterThanOrEqual(19);
    expect(byRoute['GET /api/users/:userId/orders/:orderId']).toMatchObject({ requests: 12, errorRate: 0 });
    expect(byRoute['POST /checkout']).toMatchObject({ requests: 4, errorRate: 1 });
    // Unmatched requests share one low-cardinality row instead of one per URL.
    expect(byRoute['GET null']).toMatchObject({ requests: 3 });
    expect(Object.keys(byRoute)).toHaveLength(4);

    const { services } = await api('/api/v1/services?from=now-10m&to=now%2B1m');
    const shopSummary = services.find((s: Json) => s.name === 'agent-e2e-shop');
    expect(shopSummary.requests).toBe(44);
    expect(shopSummary.errorRate).toBeCloseTo(4 / 44, 9);
  });

  it('stores runtime metrics from the agent as queryable series', async () => {
    await agent.flush();
    const { points } = await api(
      '/api/v1/timeseries?service=agent-e2e-shop&metric=rate&from=now-10m&to=now%2B1m&stepMs=60000',
    );
    expect(points.reduce((sum: number, p: Json) => sum + (p.v ?? 0) * 60, 0)).toBeCloseTo(44, 6);
    const series = await stride.store.findSeries({ service: 'agent-e2e-shop', metric: 'v8js.memory.heap.used' });
    expect(series.length).toBeGreaterThan(0);
    expect(series[0]).toMatchObject({ kind: 'gauge', unit: 'By' });
  });
});
