// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${service} is the dashboard placeholder syntax.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_EXPECTED, seedDashboardData } from '../testing/dashboard-seed.js';
import { startTestService, type TestService } from '../testing/test-service.js';

const ADMIN = 'dashboard-api-admin-token-0123456789';
const RANGE = 'from=now-1h&to=now';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field.
type Json = any;

let service: TestService;
let userDir: string;

beforeAll(async () => {
  userDir = await mkdtemp(path.join(tmpdir(), 'stride-user-dashboards-'));
  service = await startTestService({ STRIDE_ADMIN_TOKEN: ADMIN, STRIDE_DASHBOARDS_DIR: userDir }, 'stride-dash-api-');
  await seedDashboardData({ url: service.url, adminToken: ADMIN });
});

afterAll(async () => {
  await service?.close();
  await rm(userDir, { recursive: true, force: true });
});

async function get(pathAndQuery: string, token: string | null = ADMIN) {
  const res = await fetch(`${service.url}${pathAndQuery}`, {
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
  return { status: res.status, json: (await res.json()) as Json };
}

describe('GET /api/v1/session', () => {
  it('names the admin token "admin" and a created token by its name and role', async () => {
    expect(await get('/api/v1/session')).toEqual({ status: 200, json: { name: 'admin', role: 'admin' } });
    const created = await fetch(`${service.url}/api/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'grafana', role: 'viewer' }),
    });
    const { token } = (await created.json()) as { token: string };
    expect(await get('/api/v1/session', token)).toEqual({ status: 200, json: { name: 'grafana', role: 'viewer' } });
  });

  it('answers 401 for a missing or wrong token (how the sign-in page checks one)', async () => {
    expect((await get('/api/v1/session', null)).status).toBe(401);
    const wrong = await get('/api/v1/session', 'not-a-real-token');
    expect(wrong).toMatchObject({ status: 401, json: { error: { code: 'unauthorized' } } });
  });
});

describe('GET /api/v1/distribution', () => {
  it('agrees with /services on count and percentiles and covers every request in ≤ 60 buckets', async () => {
    const { json: services } = await get(`/api/v1/services?${RANGE}`);
    for (const name of ['shop', 'payments', 'search'] as const) {
      const summary = services.services.find((s: Json) => s.name === name);
      const { status, json: d } = await get(`/api/v1/distribution?service=${name}&${RANGE}`);
      expect(status).toBe(200);
      expect(d.count).toBe(SEED_EXPECTED[name].requests);
      expect(d.count).toBe(summary.requests);
      expect(d.p50Ms).toBeCloseTo(summary.p50Ms, 9);
      expect(d.p95Ms).toBeCloseTo(summary.p95Ms, 9);
      expect(d.p99Ms).toBeCloseTo(summary.p99Ms, 9);
      expect(Math.abs(d.p95Ms / SEED_EXPECTED[name].p95Ms - 1)).toBeLessThan(0.0055);
      expect(d.buckets.length).toBeLessThanOrEqual(60);
      expect(d.buckets.reduce((sum: number, b: Json) => sum + b.count, 0)).toBe(d.count);
    }
  });

  it('filters by route and method', async () => {
    const { json: d } = await get(`/api/v1/distribution?service=shop&route=/checkout&method=POST&${RANGE}`);
    expect(d.count).toBe(12 * 30);
    // 240 at 180 ms, 96 at 350 ms, 24 at 900 ms: the buckets holding them.
    const holding = (ms: number) =>
      d.buckets.find((b: Json) => b.lowerMs <= ms * 1.006 && ms * 0.994 <= b.upperMs && b.count > 0);
    expect(holding(180).count).toBe(240);
    expect(holding(900).count).toBe(24);
    const none = await get(`/api/v1/distribution?service=shop&route=/nope&${RANGE}`);
    expect(none.json).toEqual({ count: 0, p50Ms: null, p95Ms: null, p99Ms: null, buckets: [] });
  });

  it('names bad or missing parameters and unknown services', async () => {
    expect(await get(`/api/v1/distribution?${RANGE}`)).toMatchObject({
      status: 400,
      json: { error: { message: 'query parameter "service" is required' } },
    });
    expect((await get('/api/v1/distribution?service=shop&from=yesterday')).json.error.message).toMatch(/"from"/);
    expect(await get(`/api/v1/distribution?service=ghost&${RANGE}`)).toMatchObject({
      status: 404,
      json: { error: { message: 'service "ghost" has no request data' } },
    });
    expect((await get('/api/v1/distribution?service=shop', null)).status).toBe(401);
  });
});

describe('GET /api/v1/dashboards', () => {
  it('lists built-in and user dashboards, reports broken files, and serves definitions', async () => {
    const mine = {
      schemaVersion: 1,
      id: 'mine',
      title: 'Mine',
      time: { from: 'now-15m' },
      panels: [
        {
          id: 'svc',
          title: 'Services',
          gridPos: { x: 0, y: 0, w: 24, h: 6 },
          visualization: 'table',
          query: { endpoint: '/api/v1/services', rows: 'services', columns: [{ field: 'name', label: 'Name' }] },
        },
      ],
    };
    await writeFile(path.join(userDir, 'mine.json'), JSON.stringify(mine));
    await writeFile(
      path.join(userDir, 'typo.json'),
      JSON.stringify({ ...mine, id: 'typo', time: { from: 'an hour' } }),
    );

    const { status, json } = await get('/api/v1/dashboards');
    expect(status).toBe(200);
    expect(json.dashboards.map((d: Json) => `${d.source}:${d.id}`)).toEqual([
      'builtin:monitoring',
      'builtin:optimization',
      'builtin:performance',
      'user:mine',
      'user:typo',
    ]);
    expect(json.dashboards[4].error).toBe('typo.json: time.from: must be now or now-<n><s|m|h|d|w>, e.g. now-1h');

    const performance = await get('/api/v1/dashboards/performance');
    expect(performance.json).toMatchObject({ id: 'performance', variables: [{ name: 'service' }] });
    expect((await get('/api/v1/dashboards/mine')).json).toMatchObject({ time: { from: 'now-15m', to: 'now' } });
    expect(await get('/api/v1/dashboards/typo')).toMatchObject({
      status: 422,
      json: { error: { code: 'invalid_dashboard' } },
    });
    expect((await get('/api/v1/dashboards/ghost')).status).toBe(404);
  });

  it('every built-in panel query answers 200 on seeded data', async () => {
    // Resolves ${service} to shop and asks each panel's endpoint (with its params and the series' params).
    const fill = (text: string) => text.replaceAll('${service}', 'shop');
    for (const id of ['performance', 'monitoring', 'optimization']) {
      const { json: dashboard } = await get(`/api/v1/dashboards/${id}`);
      for (const panel of dashboard.panels) {
        const paramSets = panel.query.series?.map((s: Json) => ({ ...panel.query.params, ...s.params })) ?? [
          panel.query.params ?? {},
        ];
        for (const params of paramSets) {
          const qs = new URLSearchParams({
            ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, fill(String(v))])),
          });
          qs.set('from', dashboard.time.from);
          qs.set('to', dashboard.time.to);
          const res = await get(`${fill(panel.query.endpoint)}?${qs}`);
          expect(res.status, `${id}/${panel.id}: ${JSON.stringify(res.json)}`).toBe(200);
        }
      }
    }
  });
});
