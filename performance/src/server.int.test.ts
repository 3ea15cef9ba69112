import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ExponentialHistogram } from '@stride/agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type StrideConfig } from './config/config.js';
import type { Logger } from './http/logger.js';
import type { MetricPoint } from './ingest/points.js';
import { createServer, type StrideServer } from './server.js';
import type { Store } from './store/store.js';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field against literal values.
type Json = any;

function captureLogger() {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, fields });
  };
  const logger: Logger = { info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

function requestPoint(status: string, route: string, timeMs: number, seconds: number[]): MetricPoint {
  const histogram = new ExponentialHistogram();
  for (const s of seconds) histogram.record(s);
  return {
    series: {
      service: 'shop',
      metric: 'http.server.request.duration',
      kind: 'histogram',
      unit: 's',
      attributes: { 'http.request.method': 'GET', 'http.response.status_code': status, 'http.route': route },
    },
    timeMs,
    histogram,
  };
}

describe('metrics service over HTTP', () => {
  let dataDir: string;
  let config: StrideConfig;
  let server: StrideServer;
  let base: string;
  const log = captureLogger();
  const nowMs = Date.now();

  const call = async (method: string, urlPath: string, { token, body }: { token?: string; body?: unknown } = {}) => {
    const headers: Record<string, string> = {};
    if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}${urlPath}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, json: text === '' ? null : (JSON.parse(text) as Json) };
  };
  const admin = () => server.adminToken.token;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'stride-server-'));
    config = { ...parseConfig({ env: { STRIDE_DATA_DIR: dataDir } }), port: 0 };
    server = await createServer(config, { logger: log.logger });
    base = (await server.listen()).url;
  });

  afterAll(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('generates an admin token on first start, keeps it in the data dir, and warns that ingest is open', async () => {
    expect(server.adminToken.source).toBe('generated');
    expect((await readFile(path.join(dataDir, 'admin-token'), 'utf8')).trim()).toBe(admin());
    expect(log.lines.some((l) => l.level === 'warn' && l.message.includes('STRIDE_INGEST_KEYS'))).toBe(true);
  });

  it('answers health and readiness probes', async () => {
    expect(await call('GET', '/healthz')).toMatchObject({ status: 200, json: { status: 'ok' } });
    expect(await call('GET', '/readyz')).toMatchObject({ status: 200, json: { status: 'ready' } });
  });

  it('serves the OpenAPI document without auth', async () => {
    const { status, json } = await call('GET', '/api/v1/openapi.json');
    expect(status).toBe(200);
    expect(json.openapi).toBe('3.1.0');
    expect(Object.keys(json.paths)).toContain('/api/v1/timeseries');
  });

  it('answers 401 with a JSON error and WWW-Authenticate for missing, malformed and unknown tokens', async () => {
    for (const token of [undefined, 'not-a-known-token']) {
      const res = await call('GET', '/api/v1/services', { token });
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe('unauthorized');
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
    const basic = await fetch(`${base}/api/v1/services`, { headers: { authorization: 'Basic abc' } });
    expect(basic.status).toBe(401);
    expect(((await basic.json()) as Json).error.message).toContain('Bearer');
  });

  it('creates, lists and revokes role tokens; roles gate what a token may do', async () => {
    const created = await call('POST', '/api/v1/tokens', { token: admin(), body: { name: 'grafana', role: 'viewer' } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: 'grafana', role: 'viewer', revokedAt: null });
    const viewer = created.json.token as string;
    expect(viewer).toMatch(/^stride_/);

    const editor = (await call('POST', '/api/v1/tokens', { token: admin(), body: { name: 'ops', role: 'editor' } }))
      .json.token as string;

    const listed = await call('GET', '/api/v1/tokens', { token: admin() });
    expect(listed.status).toBe(200);
    expect(listed.json.tokens.map((t: { name: string }) => t.name).sort()).toEqual(['grafana', 'ops']);
    for (const t of listed.json.tokens) {
      expect(Object.keys(t).sort()).toEqual(['createdAt', 'id', 'name', 'revokedAt', 'role']);
    }
    // Only the hash is stored.
    const stored = await server.store.tokens.list();
    expect(JSON.stringify(stored)).not.toContain(viewer);

    expect((await call('GET', '/api/v1/services', { token: viewer })).status).toBe(200);
    for (const token of [viewer, editor]) {
      const denied = await call('GET', '/api/v1/tokens', { token });
      expect(denied.status).toBe(403);
      expect(denied.json.error.code).toBe('forbidden');
    }

    const revoke = await call('DELETE', `/api/v1/tokens/${created.json.id}`, { token: admin() });
    expect(revoke.status).toBe(204);
    const afterRevoke = await call('GET', '/api/v1/services', { token: viewer });
    expect(afterRevoke.status).toBe(401);
    expect(afterRevoke.json.error.message).toContain('revoked');
    expect((await call('DELETE', `/api/v1/tokens/${created.json.id}`, { token: admin() })).status).toBe(404);
  });

  it('rejects bad token bodies naming the field', async () => {
    const badRole = await call('POST', '/api/v1/tokens', { token: admin(), body: { name: 'x', role: 'root' } });
    expect(badRole).toMatchObject({
      status: 400,
      json: {
        error: { code: 'bad_request', message: 'body field "role" must be one of viewer, editor, admin; got "root"' },
      },
    });
    const badJson = await call('POST', '/api/v1/tokens', { token: admin(), body: '{"name": ' });
    expect(badJson.status).toBe(400);
    expect(badJson.json.error.message).toContain('invalid JSON body');
    const noBody = await call('POST', '/api/v1/tokens', { token: admin() });
    expect(noBody.status).toBe(400);
    expect(noBody.json.error.message).toContain('JSON object');
  });

  it('answers query statistics from the store', async () => {
    const t = Math.floor((nowMs - 30 * 60_000) / 10_000) * 10_000;
    await server.store.write([
      requestPoint('200', '/products/:id', t, Array(80).fill(0.05)),
      requestPoint('500', '/products/:id', t, Array(20).fill(0.05)),
      requestPoint('200', '/cart', t + 10_000, Array(50).fill(1.2)),
    ]);
    const services = await call('GET', '/api/v1/services?from=now-1h&to=now', { token: admin() });
    expect(services.status).toBe(200);
    const [shop] = services.json.services;
    expect(shop).toMatchObject({ name: 'shop', requests: 150 });
    expect(shop.requestRate).toBeCloseTo(150 / 3_600, 3);
    expect(shop.errorRate).toBeCloseTo(20 / 150, 9);
    expect(shop.apdex).toBeCloseTo((80 + 25) / 150, 3);
    expect(Math.abs(shop.p50Ms - 50) / 50).toBeLessThan(0.01);

    const routes = await call('GET', '/api/v1/services/shop/routes', { token: admin() });
    expect(routes.json.routes.map((r: Json) => [r.method, r.route, r.requests])).toEqual([
      ['GET', '/products/:id', 100],
      ['GET', '/cart', 50],
    ]);
    expect(Math.abs(routes.json.routes[1].maxMs - 1_200) / 1_200).toBeLessThan(0.01);

    const series = await call('GET', '/api/v1/timeseries?service=shop&metric=rate&stepMs=60000', { token: admin() });
    expect(series.status).toBe(200);
    expect(series.json.stepMs).toBe(60_000);
    const total = series.json.points.reduce((sum: number, p: { v: number }) => sum + p.v * 60, 0);
    expect(total).toBeCloseTo(150, 6);
  });

  it('answers 400 naming the bad query parameter, 404 for unknown services and paths', async () => {
    const cases: [string, string][] = [
      ['/api/v1/services?from=yesterday', 'query parameter "from" must be unix milliseconds'],
      ['/api/v1/services?from=now&to=now-1h', 'query parameter "from" must be before `to`'],
      ['/api/v1/timeseries?metric=rate', 'query parameter "service" is required'],
      [
        '/api/v1/timeseries?service=shop&metric=p99',
        'query parameter "metric" must be one of latency, rate, errors, apdex',
      ],
      ['/api/v1/timeseries?service=shop&quantile=2', 'query parameter "quantile" must be a number from 0 to 1'],
      ['/api/v1/timeseries?service=shop&stepMs=-5', 'query parameter "stepMs" must be'],
    ];
    for (const [url, message] of cases) {
      const res = await call('GET', url, { token: admin() });
      expect(res.status, url).toBe(400);
      expect(res.json.error.code).toBe('bad_request');
      expect(res.json.error.message, url).toContain(message);
    }
    const unknown = await call('GET', '/api/v1/services/nope/routes', { token: admin() });
    expect(unknown).toMatchObject({ status: 404, json: { error: { code: 'not_found' } } });
    expect((await call('GET', '/api/v1/nothing-here', { token: admin() })).status).toBe(404);
    expect(await call('GET', '/nothing-here')).toMatchObject({
      status: 404,
      json: { error: { code: 'not_found', message: 'no route for GET /nothing-here' } },
    });
  });

  it('keeps the generated admin token across a restart', async () => {
    const again = await createServer(config, { store: server.store, logger: captureLogger().logger });
    expect(again.adminToken).toMatchObject({ source: 'file', token: admin() });
    await again.close();
  });
});

describe('failure answers', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'stride-fail-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start(override: Partial<Store>) {
    const config = {
      ...parseConfig({ env: { STRIDE_DATA_DIR: dataDir } }),
      port: 0,
      adminToken: 'admin-token-for-tests-0001',
    };
    const real = await createServer(config, { logger: captureLogger().logger });
    const store = new Proxy(real.store, {
      get: (target, prop, receiver) =>
        prop in override ? override[prop as keyof Store] : Reflect.get(target, prop, receiver),
    });
    const log = captureLogger();
    const server = await createServer(config, { store, logger: log.logger });
    const { url } = await server.listen();
    return {
      url,
      log,
      close: async () => {
        await server.close();
        await real.close();
      },
    };
  }

  it('answers 500 without leaking details and logs the cause', async () => {
    const { url, log, close } = await start({
      findSeries: async () => {
        throw new Error('disk on fire at /secret/path');
      },
    });
    try {
      const res = await fetch(`${url}/api/v1/services`, {
        headers: { authorization: 'Bearer admin-token-for-tests-0001' },
      });
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: 'internal server error' } });
      expect(text).not.toContain('secret');
      expect(log.lines.some((l) => l.level === 'error' && l.fields?.['error'] === 'disk on fire at /secret/path')).toBe(
        true,
      );
    } finally {
      await close();
    }
  });

  it('reports not ready when the store does not answer', async () => {
    const { url, close } = await start({ ping: async () => false });
    try {
      const res = await fetch(`${url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'unavailable', reason: 'store is not open' });
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    } finally {
      await close();
    }
  });
});
