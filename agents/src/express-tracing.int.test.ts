import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { type Agent, startAgent } from './agent/start-agent.js';
import type { AgentOptions } from './index.js';
import { startOtlpReceiver } from './testing/otlp-receiver.js';
import { startShopApp } from './testing/shop-app.js';
import { allSpans, requestNamed } from './testing/trace-spans.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: AgentOptions = {}) {
  const receiver = await startOtlpReceiver();
  cleanups.push(receiver.close);
  const agent: Agent = startAgent({
    serviceName: 'shop',
    endpoint: receiver.endpoint,
    flushIntervalMillis: 3_600_000,
    runtimeMetrics: false,
    instrument: { http: false },
    tracing: { randomShare: 0 },
    logger: { warn: () => {} },
    env: {},
    ...options,
  });
  cleanups.push(() => agent.shutdown());
  const app = await startShopApp(express, agent.express());
  cleanups.push(app.close);
  const traces = () => receiver.receivedTraces.map((r) => r.request);
  return { receiver, agent, app, traces };
}

describe('request traces from the Express middleware', () => {
  it('exports a SERVER span per kept request, named by method and route template', async () => {
    const { agent, app, traces } = await setup();
    await fetch(`${app.url}/api/users/7/orders/9?page=2`, { headers: { 'accept-encoding': 'gzip, br' } });
    await fetch(`${app.url}/no/such/page`);
    await agent.flush();
    const [order] = requestNamed(traces(), 'GET /api/users/:userId/orders/:orderId');
    expect(order?.span.kind).toBe(2);
    expect(order?.span.parentSpanId).toBeUndefined();
    expect(order?.attributes).toEqual({
      'http.request.method': 'GET',
      'http.route': '/api/users/:userId/orders/:orderId',
      'http.response.status_code': '200',
      'url.path': '/api/users/7/orders/9',
      'stride.sampling.reason': 'slowest',
      // compression evidence: what the client accepts, what was sent (this app does not compress)
      'http.request.header.accept-encoding': 'gzip, br',
      'http.response.body.size': expect.stringMatching(/^[1-9]\d*$/),
    });
    expect(order?.attributes['http.response.header.content-encoding']).toBeUndefined();
    const [unmatched] = requestNamed(traces(), 'GET');
    expect(unmatched?.attributes['http.route']).toBeUndefined();
    expect(unmatched?.attributes['http.response.status_code']).toBe('404');
    expect(agent.stats()).toMatchObject({ keptTraces: 2, exportedTraceBatches: 1 });
  });

  it('keeps thrown errors as errors, with the error class and status ERROR', async () => {
    const { agent, app, traces } = await setup({ tracing: { randomShare: 0, slowestPerRoute: 0 } });
    await fetch(`${app.url}/api/boom`);
    await fetch(`${app.url}/api/async-fail`);
    await fetch(`${app.url}/api/products/1`); // neither slowest (K = 0) nor an error: not kept
    await agent.flush();
    for (const name of ['GET /api/boom', 'GET /api/async-fail']) {
      const [server] = requestNamed(traces(), name);
      expect(server?.attributes).toMatchObject({ 'stride.sampling.reason': 'error', 'error.type': 'Error' });
      expect(server?.span.status?.code).toBe(2);
    }
    expect(allSpans(traces())).toHaveLength(2);
  });

  it('continues an incoming W3C trace and ignores an invalid traceparent', async () => {
    const { agent, app, traces } = await setup();
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await fetch(`${app.url}/api/products/1`, { headers: { traceparent } });
    await fetch(`${app.url}/api/stock/a1`, {
      headers: { traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01' },
    });
    await agent.flush();
    const [product] = requestNamed(traces(), 'GET /api/products/:id');
    expect([product?.span.traceId, product?.span.parentSpanId]).toEqual([
      '4bf92f3577b34da6a3ce929d0e0e4736',
      '00f067aa0ba902b7',
    ]);
    const [stock] = requestNamed(traces(), 'GET /api/stock/:sku');
    expect(stock?.span.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(stock?.span.traceId).not.toBe('00000000000000000000000000000000');
    expect(stock?.span.parentSpanId).toBeUndefined();
  });

  it('sends no traces with tracing: false', async () => {
    const { agent, app, receiver } = await setup({ tracing: false });
    await fetch(`${app.url}/api/products/1`);
    await agent.flush();
    expect(receiver.received).toHaveLength(1);
    expect(receiver.traceAttempts).toHaveLength(0);
  });
});
