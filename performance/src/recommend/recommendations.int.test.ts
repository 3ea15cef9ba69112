import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../testing/test-service.js';

// A real service fed synthetic OTLP: GET /products/:id runs at ~50 ms, regresses to ~100 ms right after deploy 1.1
// (31 min ago), and is back at ~50 ms after the fix applied 16 min ago. /cart regresses at the same deploy and stays
// slow; /health never changes. Every step is one minute; each minute's requests all take the same time, so the
// minute's p50 = p95 = that time.

const ADMIN = 'recommend-admin-token-0123456789';
const MIN = 60_000;

// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field.
type Json = any;

let service: TestService;
let editor: string;
let viewer: string;
/** The current whole minute when the test started; all data and markers are placed relative to it. */
const B = Math.floor(Date.now() / MIN) * MIN;
const DEPLOY_T = B - 31 * MIN;
const FIX_T = B - 16 * MIN;

async function call(method: string, path: string, { token = ADMIN, body }: { token?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${service.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text === '' ? null : (JSON.parse(text) as Json) };
}
const ok = async (method: string, path: string, options: { token?: string; body?: unknown } = {}) => {
  const res = await call(method, path, options);
  expect(res.status, `${method} ${path}: ${JSON.stringify(res.json)}`).toBeLessThan(300);
  return res.json;
};

const nanos = (ms: number) => (BigInt(ms) * 1_000_000n).toString();
const attrs = (record: Record<string, string | number>) =>
  Object.entries(record).map(([key, v]) =>
    typeof v === 'number' ? { key, value: { intValue: String(v) } } : { key, value: { stringValue: v } },
  );

/** Latency of a route in the minute starting at `t`, ms: a level with a small deterministic wobble. */
function latencyMs(route: string, t: number): number {
  const wobble = 2 * Math.sin(t / MIN);
  if (route === '/health') return 5 + 0.2 * wobble;
  const regressed = t >= DEPLOY_T;
  if (route === '/cart') return (regressed ? 90 : 30) + wobble;
  return (regressed && t < FIX_T ? 100 : 50) + wobble;
}

/** One delta histogram point per route for the minute starting at `t`: 60 requests all taking latencyMs. */
function minuteOfRequests(t: number) {
  const dataPoints = ['/products/:id', '/cart', '/health'].map((route) => {
    const seconds = latencyMs(route, t) / 1_000;
    return {
      attributes: attrs({ 'http.request.method': 'GET', 'http.route': route, 'http.response.status_code': 200 }),
      startTimeUnixNano: nanos(t),
      timeUnixNano: nanos(t + 30_000),
      count: '60',
      sum: 60 * seconds,
      bucketCounts: ['0', '60', '0'],
      explicitBounds: [0.001, 10],
      min: seconds,
      max: seconds,
    };
  });
  return {
    name: 'http.server.request.duration',
    unit: 's',
    histogram: { aggregationTemporality: 1, dataPoints },
  };
}

async function pushMinutes(fromMs: number, toMs: number, to: TestService = service) {
  const metrics = [];
  for (let t = fromMs; t < toMs; t += MIN) metrics.push(minuteOfRequests(t));
  const res = await fetch(`${to.url}/v1/metrics`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      resourceMetrics: [{ resource: { attributes: attrs({ 'service.name': 'shop' }) }, scopeMetrics: [{ metrics }] }],
    }),
  });
  expect(res.status, await res.text()).toBe(200);
}

beforeAll(async () => {
  service = await startTestService({ STRIDE_ADMIN_TOKEN: ADMIN, STRIDE_ANALYSIS_CRON: 'off' }, 'stride-recommend-');
  editor = (await ok('POST', '/api/v1/tokens', { body: { name: 'dev', role: 'editor' } })).token;
  viewer = (await ok('POST', '/api/v1/tokens', { body: { name: 'pm', role: 'viewer' } })).token;
  await pushMinutes(B - 50 * MIN, B);
});

afterAll(async () => {
  await service?.close();
});

describe('recommendations API', () => {
  let deployId: string;
  let productsId: string;
  let cartId: string;

  it('records deploy markers (editor) and lists them (viewer)', async () => {
    const forbidden = await call('POST', '/api/v1/markers', { token: viewer, body: { service: 'shop', label: 'x' } });
    expect(forbidden.status).toBe(403);
    const bad = await call('POST', '/api/v1/markers', {
      token: editor,
      body: { service: 'shop', label: 'x', t: 'yesterday' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/^body field "t" must be unix milliseconds/);
    const marker = await ok('POST', '/api/v1/markers', {
      token: editor,
      body: { service: 'shop', label: 'deploy 1.1', version: '1.1', t: DEPLOY_T },
    });
    expect(marker).toMatchObject({ service: 'shop', kind: 'deploy', version: '1.1', t: DEPLOY_T, createdBy: 'dev' });
    deployId = marker.id;
    const list = await ok('GET', `/api/v1/markers?service=shop&from=${B - 60 * MIN}&to=now`, { token: viewer });
    expect(list.markers.map((m: Json) => m.id)).toEqual([deployId]);
  });

  it('analysis finds the regressions, linked to the deploy, and ranks them', async () => {
    expect((await call('POST', '/api/v1/analysis?service=shop', { token: viewer })).status).toBe(403);
    expect((await call('POST', '/api/v1/analysis?service=nope', { token: editor })).status).toBe(404);
    const window = `service=shop&from=${B - 50 * MIN}&to=${FIX_T}`;
    const result = await ok('POST', `/api/v1/analysis?${window}`, { token: editor });
    expect(result).toMatchObject({ service: 'shop', fromMs: B - 50 * MIN, toMs: FIX_T, created: 2, updated: 0 });
    const regressions = result.findings.filter((f: Json) => f.kind === 'regression');
    expect(regressions.map((f: Json) => f.key).sort()).toEqual([
      `GET /cart @ ${deployId}`,
      `GET /products/:id @ ${deployId}`,
    ]);
    // Running again re-detects into the same records.
    const again = await ok('POST', `/api/v1/analysis?${window}`, { token: editor });
    expect([again.created, again.updated]).toEqual([0, 2]);

    const { recommendations } = await ok('GET', '/api/v1/recommendations?service=shop&kind=regression', {
      token: viewer,
    });
    expect(recommendations).toHaveLength(2);
    // /cart (+60 ms) costs more per minute than /products/:id (+50 ms) at the same traffic: ranked first.
    expect(recommendations.map((r: Json) => r.route)).toEqual(['GET /cart', 'GET /products/:id']);
    const [cart, products] = recommendations;
    expect(cart.priority).toBeGreaterThan(products.priority);
    expect(products).toMatchObject({
      status: 'open',
      priorityLabel: 'medium',
      detections: 2,
      evidence: { markerId: deployId, markerVersion: '1.1', changeAt: DEPLOY_T },
      allowedEvents: ['accept', 'dismiss'],
      validation: null,
    });
    expect(products.evidence.p95BeforeMs).toBeGreaterThan(45);
    expect(products.evidence.p95AfterMs).toBeGreaterThan(95);
    productsId = products.id;
    cartId = cart.id;
    expect((await call('GET', '/api/v1/recommendations?status=bogus', { token: viewer })).status).toBe(400);
  });

  it('walks the lifecycle and validates the fix as improved from the OTLP data', async () => {
    const apply = (id: string, body: unknown) =>
      call('POST', `/api/v1/recommendations/${id}/apply`, { token: editor, body });
    const early = await apply(productsId, { t: FIX_T });
    expect(early.status).toBe(409);
    expect(early.json.error).toEqual({
      code: 'illegal_transition',
      message: 'cannot apply a recommendation that is open: apply moves accepted → applied',
    });
    expect((await call('POST', `/api/v1/recommendations/${productsId}/accept`, { token: viewer })).status).toBe(403);
    await ok('POST', `/api/v1/recommendations/${productsId}/accept`, { token: editor });
    const applied = await apply(productsId, { t: FIX_T, version: '1.2' });
    expect(applied.status).toBe(200);
    expect(applied.json).toMatchObject({ status: 'applied', appliedAt: FIX_T });
    expect(applied.json.marker).toMatchObject({ kind: 'manual', t: FIX_T, version: '1.2' });

    const validated = await ok('POST', `/api/v1/recommendations/${productsId}/validate`, { token: editor });
    expect(validated.status).toBe('validated');
    const v = validated.validation;
    expect(v).toMatchObject({
      state: 'done',
      verdict: 'improved',
      markerId: applied.json.marker.id,
      target: { type: 'route', method: 'GET', route: '/products/:id' },
      evidenceGone: true,
      before: { fromMs: DEPLOY_T, toMs: FIX_T },
    });
    expect(v.before.intervals).toHaveLength(15);
    expect(v.after.intervals.length).toBeGreaterThanOrEqual(15);
    expect(v.tests.p95.pValue).toBeLessThan(0.01);
    expect(v.tests.p95.relativeChange).toBeLessThan(-0.4);
    expect(v.before.histogram.reduce((n: number, b: Json) => n + b.count, 0)).toBe(15 * 60);
    expect(v.reason).toMatch(/^improved: p95 /);

    await ok('POST', `/api/v1/recommendations/${productsId}/resolve`, { token: editor, body: { reason: 'shipped' } });
    const detail = await ok('GET', `/api/v1/recommendations/${productsId}`, { token: viewer });
    expect(detail.status).toBe('resolved');
    expect(detail.history.map((h: Json) => [h.type, h.from, h.to, h.actor])).toEqual([
      ['detected', null, 'open', 'analysis'],
      ['detected', 'open', 'open', 'analysis'],
      ['status', 'open', 'accepted', 'dev'],
      ['status', 'accepted', 'applied', 'dev'],
      ['validation', 'applied', 'validated', 'dev'],
      ['status', 'validated', 'resolved', 'dev'],
    ]);
    expect(detail.history.at(-1).reason).toBe('shipped');

    const tracking = await ok('GET', `/api/v1/recommendations/${productsId}/tracking`, { token: viewer });
    expect(tracking).toMatchObject({ id: productsId, status: 'resolved', allowedEvents: ['reopen'] });
    expect(tracking.series.markerId).toBe(applied.json.marker.id);
    expect(tracking.series.before).toHaveLength(15);
    expect(tracking.series.before[0].p95Ms).toBeGreaterThan(95);
    expect(tracking.series.after[0].p95Ms).toBeLessThan(55);
  });

  it('answers 409 validation_pending without data after the marker, and keeps the pending state', async () => {
    await ok('POST', `/api/v1/recommendations/${cartId}/accept`, { token: editor });
    await ok('POST', `/api/v1/recommendations/${cartId}/apply`, { token: editor });
    const res = await call('POST', `/api/v1/recommendations/${cartId}/validate`, { token: editor });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('validation_pending');
    expect(res.json.error.message).toMatch(/needs 10 one-minute intervals with requests on each side .* has 0 after/);
    const detail = await ok('GET', `/api/v1/recommendations/${cartId}`, { token: viewer });
    expect(detail).toMatchObject({
      status: 'applied',
      validation: { state: 'pending', intervalsAfter: 0, intervalsNeeded: 10 },
    });
  });

  it('dismisses only with a reason, and reopens', async () => {
    const missing = await call('POST', `/api/v1/recommendations/${cartId}/dismiss`, { token: editor, body: {} });
    expect(missing.status).toBe(400);
    expect(missing.json.error.message).toMatch(/^body field "reason" /);
    const dismissed = await ok('POST', `/api/v1/recommendations/${cartId}/dismiss`, {
      token: editor,
      body: { reason: 'cart is being rewritten' },
    });
    expect(dismissed).toMatchObject({ status: 'dismissed', dismissReason: 'cart is being rewritten' });
    const reopened = await ok('POST', `/api/v1/recommendations/${cartId}/reopen`, { token: editor });
    expect(reopened).toMatchObject({ status: 'open', dismissReason: null, validation: null });
    expect((await call('GET', '/api/v1/recommendations/unknown-id', { token: viewer })).status).toBe(404);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await ok('GET', '/api/v1/openapi.json')) as Json;
    for (const path of ['/api/v1/analysis', '/api/v1/recommendations/{id}/tracking', '/api/v1/markers']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });
});

describe('scheduled analysis', () => {
  let scheduled: TestService;

  beforeAll(async () => {
    // Every second, over a window reaching back past the deploy.
    scheduled = await startTestService(
      { STRIDE_ADMIN_TOKEN: ADMIN, STRIDE_ANALYSIS_CRON: '* * * * * *', STRIDE_ANALYSIS_WINDOW: '55m' },
      'stride-schedule-',
    );
    await pushMinutes(B - 50 * MIN, B, scheduled);
  });

  afterAll(async () => {
    await scheduled?.close();
  });

  it('runs the analysis on the cron schedule and creates the regression records', async () => {
    const list = async () => {
      const res = await fetch(`${scheduled.url}/api/v1/recommendations?kind=regression`, {
        headers: { authorization: `Bearer ${ADMIN}` },
      });
      return ((await res.json()) as Json).recommendations as Json[];
    };
    const deadline = Date.now() + 20_000;
    let found = await list();
    while (found.length < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      found = await list();
    }
    expect(found.map((r) => r.route).sort()).toEqual(['GET /cart', 'GET /products/:id']);
    expect(found.every((r) => r.evidence.markerId === null)).toBe(true); // no marker was posted here
  });
});
