import { createRequire } from 'node:module';
import type express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, startAgent } from './agent/start-agent.js';
import { pointsOf } from './testing/otlp-points.js';
import { startOtlpReceiver } from './testing/otlp-receiver.js';
import { startShopApp } from './testing/shop-app.js';

// Express 4 is installed under the alias `express4` (dev dependency) next to Express 5.
const express4 = createRequire(import.meta.url)('express4') as typeof express;

describe('agent in a real Express 4 app with nested routers', () => {
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let app: Awaited<ReturnType<typeof startShopApp>>;
  let agent: Agent;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    agent = startAgent({
      serviceName: 'shop4',
      endpoint: receiver.endpoint,
      flushIntervalMillis: 3_600_000,
      runtimeMetrics: false,
      env: {},
    });
    app = await startShopApp(express4, agent.express());
    const paths = ['/api/users/1/orders/10', '/api/users/2/orders/20', '/api/products/5', '/v2/items/3', '/'];
    for (const path of [...paths, '/api/boom', '/api/async-fail', '/nowhere', '/api/stock/a%20b']) {
      await fetch(app.url + path).then((r) => r.text());
    }
    await agent.flush();
  });

  afterAll(async () => {
    await agent.shutdown();
    await app.close();
    await receiver.close();
  });

  it('labels requests with full route templates', () => {
    const counts: Record<string, number> = {};
    for (const { attributes, point } of pointsOf(
      receiver.received.map((r) => r.request),
      'http.server.request.duration',
    )) {
      const key = `${attributes['http.route'] ?? '(none)'} ${attributes['http.response.status_code']}`;
      counts[key] = (counts[key] ?? 0) + Number(point.count);
    }
    expect(counts).toEqual({
      '/api/users/:userId/orders/:orderId 200': 2,
      '/api/products/:id 200': 1,
      '/v2/items/:itemId 200': 1,
      '/ 200': 1,
      '/api/boom 500': 1,
      '/api/async-fail 500': 1,
      '/api/stock/:sku 200': 1,
      '(none) 404': 1,
    });
  });
});
