import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { type Agent, startAgent } from './agent/start-agent.js';
import type { AgentOptions } from './index.js';
import { pointsOf } from './testing/otlp-points.js';
import { type ReceiverReply, startOtlpReceiver } from './testing/otlp-receiver.js';
import { startShopApp } from './testing/shop-app.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function receiver(reply?: (n: number) => ReceiverReply, port?: number) {
  const r = await startOtlpReceiver(reply, port);
  cleanups.push(r.close);
  return r;
}

function agentFor(endpoint: string, options: AgentOptions = {}): Agent & { warnings: string[] } {
  const warnings: string[] = [];
  const agent = startAgent({
    serviceName: 'shop',
    endpoint,
    flushIntervalMillis: 3_600_000,
    runtimeMetrics: false,
    logger: { warn: (m) => warnings.push(m) },
    env: {},
    ...options,
  });
  cleanups.push(() => agent.shutdown());
  return Object.assign(agent, { warnings });
}

async function shop(agent: Agent) {
  const app = await startShopApp(express, agent.express());
  cleanups.push(app.close);
  return app;
}

/** A port nothing listens on (bound, then released). */
async function deadPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('agent export over real HTTP', () => {
  it('retries a 503 after its Retry-After, then delivers', async () => {
    const r = await receiver((n) => (n === 0 ? { status: 503, headers: { 'retry-after': '1' } } : { status: 200 }));
    const agent = agentFor(r.endpoint, { exportTimeoutMillis: 10_000 });
    await agent.flush();
    expect(r.attempts).toHaveLength(2);
    expect(r.attempts[1]! - r.attempts[0]!).toBeGreaterThanOrEqual(950);
    expect(r.received).toHaveLength(1);
    expect(agent.stats()).toMatchObject({ exportedBatches: 1, failedExports: 0 });
  });

  it('exports OTLP/JSON (uncompressed) that decodes as JSON', async () => {
    const r = await receiver();
    const agent = agentFor(r.endpoint, { encoding: 'json', compression: 'none' });
    const app = await shop(agent);
    await fetch(`${app.url}/api/products/7`);
    await agent.flush();
    const [received] = r.received;
    expect(received?.headers['content-type']).toBe('application/json');
    expect(received?.headers['content-encoding']).toBeUndefined();
    expect(received?.encoding).toBe('json');
    const [point] = pointsOf([received!.request], 'http.server.request.duration');
    expect(point?.attributes).toEqual({
      'http.request.method': 'GET',
      'http.route': '/api/products/:id',
      'http.response.status_code': '200',
    });
    expect(Number(point?.point.count)).toBe(1);
  });

  it('counts points the endpoint rejected in partialSuccess', async () => {
    const r = await receiver(() => ({ status: 200, response: { partialSuccess: { rejectedDataPoints: '4' } } }));
    const agent = agentFor(r.endpoint);
    await agent.flush();
    expect(agent.stats().rejectedPoints).toBe(4);
  });

  it('buffers while the endpoint is down, drops and counts the oldest, and delivers the rest once it is back', async () => {
    const port = await deadPort();
    const agent = agentFor(`http://127.0.0.1:${port}`, { exportTimeoutMillis: 300, maxBufferedBatches: 2 });
    const app = await shop(agent);
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${app.url}/api/products/${i}`);
      expect(res.status).toBe(200);
      await agent.flush();
    }
    const down = agent.stats();
    expect(down).toMatchObject({ exportedBatches: 0, failedExports: 4, droppedBatches: 2 });
    expect(down.droppedPoints).toBeGreaterThan(0);
    const metricsWarnings = () => agent.warnings.filter((w) => w.includes('/v1/metrics'));
    expect(metricsWarnings()).toHaveLength(1);
    expect(metricsWarnings()[0]).toContain('ECONNREFUSED');

    // Back up: the next flush adds a batch (dropping one more of the two buffered) and delivers both kept ones.
    const r = await receiver(undefined, port);
    await agent.flush();
    expect(agent.stats()).toMatchObject({ exportedBatches: 2, droppedBatches: 3 });
    const counts = pointsOf(
      r.received.map((x) => x.request),
      'http.server.request.duration',
    ).map((p) => Number(p.point.count));
    expect(counts).toEqual([1]); // the 4th request's batch; the final batch holds no requests
    expect(metricsWarnings()[1]).toContain('recovered');
  });

  it('keeps serving host requests at full speed while the endpoint hangs', async () => {
    const r = await receiver(() => 'hang');
    const agent = agentFor(r.endpoint, { exportTimeoutMillis: 4000 });
    const app = await shop(agent);
    await fetch(`${app.url}/`);
    const flushing = agent.flush();
    let flushDone = false;
    void flushing.then(() => {
      flushDone = true;
    });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await fetch(`${app.url}/api/products/${i}`)).status);
    expect(statuses).toEqual(Array(20).fill(200));
    expect(flushDone).toBe(false); // host requests completed while the export was stuck
    await flushing;
    expect(agent.stats()).toMatchObject({ exportedBatches: 0, failedExports: 1 });
  });

  it('never breaks the host when its own clock fails', async () => {
    const r = await receiver();
    const broken = {
      nowMs: () => Date.now(),
      monotonicMs: (): number => {
        throw new Error('clock broke');
      },
      sleep: async () => {},
      every: () => () => {},
    };
    const agent = agentFor(r.endpoint, { clock: broken });
    const app = await shop(agent);
    const res = await fetch(`${app.url}/api/products/1`);
    expect([res.status, await res.text()]).toEqual([200, 'x'.repeat(100)]);
    expect(agent.warnings.join('\n')).toContain('clock broke');
  });

  it('sends overflow measurements to one otel.metric.overflow series once maxSeries is reached', async () => {
    const r = await receiver();
    // The test's own fetch calls would add http.client.* series.
    const agent = agentFor(r.endpoint, { maxSeries: 3, instrument: { http: false } });
    const app = await shop(agent);
    for (const path of ['/', '/api/products/1', '/v2/items/1', '/api/stock/1', '/api/boom'])
      await fetch(app.url + path);
    await agent.flush();
    const points = pointsOf(
      r.received.map((x) => x.request),
      'http.server.request.duration',
    );
    expect(
      points.map((p) => [p.attributes['http.route'] ?? p.attributes['otel.metric.overflow'], Number(p.point.count)]),
    ).toEqual([
      ['/', 1],
      ['/api/products/:id', 1],
      ['true', 3],
    ]);
    expect(agent.stats().overflowedSeries).toBe(9); // 3 measurements × 3 http.server.* histograms
  });
});
