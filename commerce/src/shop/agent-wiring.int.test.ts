import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { decodeMetricsRequest, type OtlpMetricsRequest } from '@stride/agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openTestDatabase,
  type ShopHandle,
  startTestShop,
  type TestDatabaseHandle,
} from '../testing/commerce-fixture.js';
import { request } from '../testing/http-client.js';

/** An OTLP/HTTP sink that decodes every metrics export it receives. */
async function startSink() {
  const metrics: OtlpMetricsRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const json = String(req.headers['content-type']).includes('json');
      if (req.url === '/v1/metrics') metrics.push(decodeMetricsRequest(body, json ? 'json' : 'protobuf'));
      res
        .writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' })
        .end(json ? '{}' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    metrics,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const serviceOf = (r: { resource?: { attributes?: Array<{ key: string; value?: { stringValue?: string } }> } }) =>
  r.resource?.attributes?.find((a) => a.key === 'service.name')?.value?.stringValue;

describe('Stride agent wiring', () => {
  let sink: Awaited<ReturnType<typeof startSink>>;
  let db: TestDatabaseHandle;
  let shop: ShopHandle | undefined;

  beforeAll(async () => {
    sink = await startSink();
    db = await openTestDatabase('pglite');
  });
  afterAll(async () => {
    await shop?.close();
    await db?.close();
    await sink?.close();
  });

  it('instruments the shop and the payments service as two services, with route templates', async () => {
    shop = await startTestShop(db, 'optimized', { agent: { endpoint: sink.endpoint } });
    await request(shop.url, '/products/3');
    await request(shop.url, '/products/4');
    const placed = await request(shop.url, '/orders', {
      method: 'POST',
      body: { userId: 1, items: [{ sku: 'SKU-000002-1', quantity: 1 }] },
      headers: { 'idempotency-key': 'agent-1' },
    });
    expect(placed.status).toBe(201);
    await shop.close(); // shuts the agents down, which flushes
    shop = undefined;

    const resources = sink.metrics.flatMap((m) => m.resourceMetrics ?? []);
    expect(new Set(resources.map(serviceOf))).toEqual(new Set(['shop', 'payments']));
    const routes = (service: string) =>
      resources
        .filter((r) => serviceOf(r) === service)
        .flatMap((r) => r.scopeMetrics ?? [])
        .flatMap((s) => s.metrics ?? [])
        .filter((m) => m.name === 'http.server.request.duration')
        .flatMap((m) => [...(m.histogram?.dataPoints ?? []), ...(m.exponentialHistogram?.dataPoints ?? [])])
        .map((p) => p.attributes?.find((a) => a.key === 'http.route')?.value?.stringValue);
    expect(routes('shop')).toEqual(expect.arrayContaining(['/products/:id', '/orders']));
    expect(routes('payments')).toEqual(expect.arrayContaining(['/v1/authorizations', '/v1/shipments']));
    // Regression (recommendation proof): both agents run in this process and node:http is patched process-wide, so
    // the payments agent counted the shop's calls to it as payments' own outbound calls. Only the shop makes them.
    const clientCalls = (service: string) =>
      resources
        .filter((r) => serviceOf(r) === service)
        .flatMap((r) => r.scopeMetrics ?? [])
        .flatMap((s) => s.metrics ?? [])
        .filter((m) => m.name === 'http.client.request.duration').length;
    expect(clientCalls('shop')).toBeGreaterThan(0);
    expect(clientCalls('payments')).toBe(0);
  });
});
