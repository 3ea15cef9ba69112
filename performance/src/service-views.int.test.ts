import {
  AggregationTemporalityPreference,
  OTLPMetricExporter as JsonExporter,
} from '@opentelemetry/exporter-metrics-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationType,
  InstrumentType,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './testing/test-service.js';

const ADMIN = 'views-admin-token-0123456789';
const RANGE = 'from=now-1h&to=now%2B1m';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field.
type Json = any;

let service: TestService;
let base: string;

beforeAll(async () => {
  service = await startTestService({ STRIDE_ADMIN_TOKEN: ADMIN }, 'stride-views-');
  base = service.url;
  await sendShopMetrics();
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

const PRODUCT_BY_ID = 'SELECT * FROM products WHERE id = $1';
const ORDERS_BY_USER = 'SELECT * FROM orders WHERE user_id = $1 ORDER BY created_at DESC';

/** What an instrumented shop reports over two export intervals. */
async function sendShopMetrics() {
  const exporter = new JsonExporter({
    url: `${base}/v1/metrics`,
    temporalityPreference: AggregationTemporalityPreference.DELTA,
  });
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'shop' }),
    readers: [reader],
    views: [{ instrumentType: InstrumentType.HISTOGRAM, aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
  });
  const meter = provider.getMeter('stride');
  const db = meter.createHistogram('db.client.operation.duration', { unit: 's' });
  const rows = meter.createHistogram('db.client.response.returned_rows', { unit: '{row}' });
  const lookups = meter.createCounter('stride.cache.lookups', { unit: '{lookup}' });
  const client = meter.createHistogram('http.client.request.duration', { unit: 's' });
  const connections = meter.createGauge('db.client.connection.count', { unit: '{connection}' });
  const pending = meter.createGauge('db.client.connection.pending_requests', { unit: '{request}' });
  const max = meter.createGauge('db.client.connection.max', { unit: '{connection}' });
  const wait = meter.createHistogram('db.client.connection.wait_time', { unit: 's' });
  const elu = meter.createGauge('nodejs.eventloop.utilization', { unit: '1' });
  const delay = meter.createGauge('nodejs.eventloop.delay.p99', { unit: 's' });
  const heap = meter.createGauge('v8js.memory.heap.used', { unit: 'By' });
  const gc = meter.createHistogram('v8js.gc.duration', { unit: 's' });

  const pg = (text: string, extra: Record<string, string> = {}) => ({
    'db.system.name': 'postgresql',
    'db.operation.name': 'SELECT',
    'db.query.text': text,
    ...extra,
  });
  const pool = { 'db.client.connection.pool.name': 'main' };

  for (let i = 0; i < 100; i++) {
    db.record(0.002, pg(PRODUCT_BY_ID)); // 100 × 2 ms = 200 ms
    rows.record(1, pg(PRODUCT_BY_ID));
  }
  for (let i = 0; i < 4; i++) {
    db.record(0.1, pg(ORDERS_BY_USER)); // 5 × 100 ms = 500 ms, one failing
    rows.record(20, pg(ORDERS_BY_USER));
  }
  db.record(0.1, pg(ORDERS_BY_USER, { 'error.type': '57014' }));
  db.record(0.0005, { 'db.system.name': 'redis', 'db.operation.name': 'GET' }); // not a statement

  const redis = (operation: string, result: string) => ({
    'db.system.name': 'redis',
    'db.operation.name': operation,
    'cache.result': result,
  });
  lookups.add(30, redis('GET', 'hit'));
  lookups.add(10, redis('GET', 'miss'));
  lookups.add(5, redis('MGET', 'hit'));
  lookups.add(5, redis('MGET', 'miss'));

  const payments = { 'server.address': 'payments.local', 'server.port': 4100, 'http.request.method': 'POST' };
  for (let i = 0; i < 8; i++) {
    client.record(0.02, { ...payments, 'http.response.status_code': 200, 'stride.socket.reused': 'true' });
  }
  client.record(0.03, { ...payments, 'http.response.status_code': 503, 'stride.socket.reused': 'false' });
  client.record(1, { ...payments, 'error.type': 'ETIMEDOUT', 'stride.socket.reused': 'false' });

  connections.record(7, { ...pool, 'db.client.connection.state': 'used' });
  connections.record(3, { ...pool, 'db.client.connection.state': 'idle' });
  pending.record(0, pool);
  max.record(10, pool);
  for (let i = 0; i < 20; i++) wait.record(0.001, pool);
  wait.record(0.15, pool);
  elu.record(0.25);
  delay.record(0.012);
  heap.record(50_000_000);
  gc.record(0.004, { 'v8js.gc.type': 'minor' });
  await provider.forceFlush();

  connections.record(10, { ...pool, 'db.client.connection.state': 'used' });
  connections.record(0, { ...pool, 'db.client.connection.state': 'idle' });
  pending.record(4, pool);
  max.record(10, pool);
  elu.record(0.75);
  delay.record(0.031);
  heap.record(70_000_000);
  await provider.forceFlush();
  await provider.shutdown();
}

describe('service-detail views', () => {
  it('lists DB statements by fingerprint, most total time first', async () => {
    const { statements } = await api(`/api/v1/services/shop/db/statements?${RANGE}`);
    expect(statements.map((s: Json) => s.statement)).toEqual([ORDERS_BY_USER, PRODUCT_BY_ID]);
    const [orders, product] = statements;
    expect(orders).toMatchObject({ system: 'postgresql', operation: 'SELECT', calls: 5, errors: 1, meanRows: 20 });
    expect(orders.totalTimeMs).toBeCloseTo(500, 6);
    expect(orders.p95Ms).toBeCloseTo(100, 0);
    expect(product).toMatchObject({ calls: 100, errors: 0, meanRows: 1 });
    expect(product.totalTimeMs).toBeCloseTo(200, 6);
    expect(product.p50Ms).toBeCloseTo(2, 1);
    expect((await api(`/api/v1/services/shop/db/statements?${RANGE}&limit=1`)).statements).toHaveLength(1);
  });

  it('reports the cache hit ratio overall and per operation', async () => {
    const cache = await api(`/api/v1/services/shop/cache?${RANGE}`);
    expect(cache).toEqual({
      lookups: 50,
      hits: 35,
      misses: 15,
      hitRatio: 0.7,
      operations: [
        { system: 'redis', operation: 'GET', lookups: 40, hits: 30, misses: 10, hitRatio: 0.75 },
        { system: 'redis', operation: 'MGET', lookups: 10, hits: 5, misses: 5, hitRatio: 0.5 },
      ],
    });
  });

  it('reports outbound dependencies by host with errors and socket reuse', async () => {
    const { dependencies } = await api(`/api/v1/services/shop/dependencies?${RANGE}`);
    expect(dependencies).toHaveLength(1);
    expect(dependencies[0]).toMatchObject({
      host: 'payments.local',
      calls: 10,
      errors: 2,
      errorRate: 0.2,
      socketReuseRatio: 0.8,
    });
    expect(dependencies[0].p95Ms).toBeCloseTo(1_000, -1);
  });

  it('reports pool saturation with a per-step series', async () => {
    const { stepMs, pools } = await api(`/api/v1/services/shop/pool?${RANGE}&stepMs=10s`);
    expect(stepMs).toBe(10_000);
    expect(pools).toHaveLength(1);
    expect(pools[0]).toMatchObject({
      pool: 'main',
      maxConnections: 10,
      maxUsed: 10,
      maxIdle: 3,
      maxWaiting: 4,
      saturation: 1,
      waits: 21,
      waitMaxMs: 150,
    });
    expect(pools[0].waitP95Ms).toBeCloseTo(1, 1);
    const sampled = pools[0].series.filter((p: Json) => p.used !== null);
    expect(sampled.length).toBeGreaterThanOrEqual(1);
    expect(Math.max(...sampled.map((p: Json) => p.used))).toBe(10);
    // 61 minutes of 10 s steps: 366, or 367 when `from` is not on a step boundary.
    expect([366, 367]).toContain(pools[0].series.length);
  });

  it('serves runtime series: event-loop delay in ms, utilisation, heap, GC time', async () => {
    const { stepMs, series } = await api(`/api/v1/services/shop/runtime?${RANGE}&stepMs=1h`);
    expect(stepMs).toBe(3_600_000);
    const values = (name: string) => series[name].map((p: Json) => p.v).filter((v: number | null) => v !== null);
    // Both exports fall in the same hourly step, so each series has one value: the worst delay, the mean samples.
    expect(values('eventLoopDelayP99Ms')).toEqual([31]);
    expect(values('eventLoopUtilization')[0]).toBeCloseTo(0.5, 9);
    expect(values('heapUsedBytes')).toEqual([60_000_000]);
    expect(values('gcTimeMsPerSecond')[0]).toBeCloseTo(4 / 3_600, 9);
    expect(values('rssBytes')).toEqual([]);
    expect(Object.keys(series).sort()).toEqual(
      [
        'cpuUtilization',
        'eventLoopDelayP99Ms',
        'eventLoopUtilization',
        'gcTimeMsPerSecond',
        'heapLimitBytes',
        'heapUsedBytes',
        'rssBytes',
      ].sort(),
    );
  });

  it.each([
    ['/api/v1/services/nope/cache', 404, 'service "nope" has sent no metrics'],
    ['/api/v1/services/nope/db/statements', 404, 'has sent no metrics'],
    ['/api/v1/services/shop/db/statements?limit=0', 400, 'query parameter "limit" must be an integer from 1 to 1000'],
    ['/api/v1/services/shop/pool?stepMs=fast', 400, 'query parameter "stepMs" must be a positive integer'],
    ['/api/v1/services/shop/runtime?from=tomorrow', 400, 'query parameter "from" must be unix milliseconds'],
    ['/api/v1/services/shop/dependencies?from=now&to=now-1h', 400, '"from" must be before `to`'],
  ])('GET %s → %i', async (url, status, message) => {
    const res = await call('GET', url);
    expect(res.status).toBe(status);
    expect(res.json.error.message).toContain(message);
  });
});

describe('benchmarks', () => {
  const summary = (name: string, profile: string, passed = true) => ({
    name,
    profile,
    target: 'http://127.0.0.1:3000',
    startedAt: Date.now() - 60_000,
    durationMs: 60_000,
    scenarios: [
      { name: 'browse', requests: 6_000, errors: 0, rps: 100, p50Ms: 4.2, p95Ms: 18, p99Ms: 40 },
      { name: 'checkout', requests: 500, errors: 3, rps: 8.3, p50Ms: 30, p95Ms: 120, p99Ms: 260 },
    ],
    thresholds: [{ name: 'p95 checkout < 300 ms', ok: passed }],
    passed,
  });

  it('stores summaries from editors, lists them newest first for viewers, and fetches one', async () => {
    const token = async (role: string) =>
      (await call('POST', '/api/v1/tokens', { body: { name: `bench-${role}`, role } })).json.token as string;
    const viewer = await token('viewer');
    const editor = await token('editor');

    const denied = await call('POST', '/api/v1/benchmarks', { token: viewer, body: summary('shop', 'baseline') });
    expect(denied.status).toBe(403);

    const baseline = summary('shop', 'baseline');
    const first = await call('POST', '/api/v1/benchmarks', { token: editor, body: baseline });
    expect(first.status).toBe(201);
    expect(first.json).toEqual({
      ...baseline,
      id: expect.any(String),
      createdAt: expect.any(Number),
      createdBy: 'bench-editor',
    });
    const second = await call('POST', '/api/v1/benchmarks', { token: editor, body: summary('shop', 'stress', false) });
    expect(second.status).toBe(201);

    const list = await call('GET', '/api/v1/benchmarks', { token: viewer });
    expect(list.status).toBe(200);
    expect(list.json.benchmarks.map((b: Json) => b.id)).toEqual([second.json.id, first.json.id]);
    const stress = await call('GET', '/api/v1/benchmarks?profile=stress&limit=5', { token: viewer });
    expect(stress.json.benchmarks.map((b: Json) => b.passed)).toEqual([false]);
    const one = await call('GET', `/api/v1/benchmarks/${first.json.id}`, { token: viewer });
    expect(one).toMatchObject({ status: 200, json: first.json });
    expect((await call('GET', '/api/v1/benchmarks/missing', { token: viewer })).status).toBe(404);
  });

  it.each([
    [
      { ...summary('shop', 'baseline'), scenarios: [{ name: 'browse', requests: -1 }] },
      'body field "scenarios.0.requests"',
    ],
    [{ ...summary('shop', 'baseline'), name: '' }, 'body field "name"'],
    [{ ...summary('shop', 'baseline'), passed: 'yes' }, 'body field "passed"'],
    [[1, 2], 'body must be a JSON object with name, profile'],
  ])('answers 400 naming the bad field', async (body, message) => {
    const res = await call('POST', '/api/v1/benchmarks', { body });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain(message);
  });

  it('rejects a bad list limit', async () => {
    const res = await call('GET', '/api/v1/benchmarks?limit=1000');
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain('"limit" must be an integer from 1 to 200');
  });
});
