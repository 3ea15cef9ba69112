import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../testing/test-service.js';

const ADMIN = 'static-admin-token-0123456789';
const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-4f2a9c.js"></script></head></html>';
// Big enough to pass compression's 1 KiB threshold, and compressible like real JavaScript.
const SCRIPT = 'export const rows = ['.concat('{"service":"shop","p95Ms":350},'.repeat(200), '];\n');

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A request with exactly the headers given (fetch would add Accept-Encoding and decompress). */
function raw(base: string, pathname: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${pathname}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

describe('dashboard static serving', () => {
  let dist: string;
  let service: TestService;

  beforeAll(async () => {
    dist = await mkdtemp(path.join(tmpdir(), 'stride-dist-'));
    await mkdir(path.join(dist, 'assets'));
    await writeFile(path.join(dist, 'index.html'), INDEX);
    await writeFile(path.join(dist, 'assets', 'index-4f2a9c.js'), SCRIPT);
    await writeFile(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    service = await startTestService({ STRIDE_ADMIN_TOKEN: ADMIN, STRIDE_DASHBOARD_DIR: dist }, 'stride-static-');
  });

  afterAll(async () => {
    await service?.close();
    await rm(dist, { recursive: true, force: true });
  });

  it('serves index.html at / with no-cache', async () => {
    const res = await raw(service.url, '/', html);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body.toString()).toBe(INDEX);
  });

  it('serves hashed assets as immutable for a year, gzip-compressed when asked', async () => {
    const res = await raw(service.url, '/assets/index-4f2a9c.js', { 'accept-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.body.length).toBeLessThan(SCRIPT.length / 5);
    expect(gunzipSync(res.body).toString()).toBe(SCRIPT);
    const plain = await raw(service.url, '/assets/index-4f2a9c.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(SCRIPT);
  });

  it('revalidates other top-level files', async () => {
    const res = await raw(service.url, '/favicon.svg');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('answers client-side routes with index.html (SPA fallback)', async () => {
    for (const route of ['/services/shop', '/services/shop/routes/GET%20%2Fcart', '/traces/abc', '/dashboards/x']) {
      const res = await raw(service.url, route, html);
      expect(res.status, route).toBe(200);
      expect(res.headers['cache-control'], route).toBe('no-cache');
      expect(res.body.toString(), route).toBe(INDEX);
    }
  });

  it('never answers API, OTLP, probe or missing-asset paths with the app', async () => {
    for (const route of ['/api/v1/nope', '/api/other', '/v1/logs', '/assets/gone-123.js', '/readyz/extra']) {
      const res = await raw(service.url, route, html);
      expect(res.headers['content-type'], route).toMatch(/json/);
    }
    expect((await raw(service.url, '/v1/logs', html)).status).toBe(404);
    expect((await raw(service.url, '/assets/gone-123.js', html)).status).toBe(404);
    expect((await raw(service.url, '/healthz', html)).status).toBe(200);
    // Not a page navigation: a JSON client gets the JSON 404, and POST is never the app.
    expect((await raw(service.url, '/services/shop', { accept: 'application/json' })).status).toBe(404);
    expect((await raw(service.url, '/services/shop', html, 'POST')).status).toBe(404);
  });

  it('compresses JSON API answers', async () => {
    const res = await raw(service.url, '/api/v1/openapi.json', { 'accept-encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(res.body).toString())).toMatchObject({ openapi: '3.1.0' });
    const services = await raw(service.url, '/api/v1/services', {
      'accept-encoding': 'gzip',
      authorization: `Bearer ${ADMIN}`,
    });
    expect(services.status).toBe(200);
  });
});

describe('dashboard not built', () => {
  it('explains how to build it, and serves the app once built without a restart', async () => {
    const dist = await mkdtemp(path.join(tmpdir(), 'stride-empty-dist-'));
    const service = await startTestService({ STRIDE_ADMIN_TOKEN: ADMIN, STRIDE_DASHBOARD_DIR: dist }, 'stride-nb-');
    try {
      const res = await raw(service.url, '/', html);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const page = res.body.toString();
      expect(page).toContain('The Stride dashboard is not built');
      expect(page).toContain('npm run build');
      expect(page).toContain('STRIDE_DASHBOARD_DIR');
      expect(page).toContain(dist);
      await writeFile(path.join(dist, 'index.html'), INDEX);
      expect((await raw(service.url, '/overview', html)).body.toString()).toBe(INDEX);
    } finally {
      await service.close();
      await rm(dist, { recursive: true, force: true });
    }
  });
});
