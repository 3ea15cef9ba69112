import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/config.js';
import { createServer } from '../server.js';
import { DEFAULT_TIERS, type Store } from '../store/store.js';
import type { TraceStore } from '../store/traces/trace-store.js';
import { silentLogger } from './logger.js';
import { OPENAPI_DOCUMENT } from './openapi.js';
import { listRoutes, toOpenApiPath } from './route-list.js';

// createServer only touches the store when requests arrive; the route table needs none of it.
const idleStore = { engine: 'fake', tiers: DEFAULT_TIERS, close: async () => {} } as unknown as Store;
const idleTraceStore = { engine: 'fake', close: async () => {} } as unknown as TraceStore;

describe('OpenAPI document', () => {
  it('lists every route registered on the app, with the same method', async () => {
    const config = { ...parseConfig({ env: {} }), adminToken: 'test-admin-token-0123456789' };
    const server = await createServer(config, {
      store: idleStore,
      traceStore: idleTraceStore,
      logger: silentLogger,
    });
    try {
      const registered = listRoutes(server.app);
      expect(registered).toEqual(
        expect.arrayContaining([
          'GET /healthz',
          'GET /api/v1/services',
          'POST /v1/metrics',
          'POST /v1/traces',
          'GET /api/v1/traces/:traceId',
          'GET /api/v1/services/:service/db/statements',
          'POST /api/v1/benchmarks',
        ]),
      );
      const documented = Object.entries(OPENAPI_DOCUMENT.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
      );
      const missing = registered.map((r) => r.replace(/ (.*)$/, (_m, p: string) => ` ${toOpenApiPath(p)}`));
      expect(missing.filter((r) => !documented.includes(r))).toEqual([]);
      // And nothing documented that is not served.
      expect(documented.filter((d) => !missing.includes(d))).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('declares path parameters for every templated path segment', () => {
    for (const [path, ops] of Object.entries(OPENAPI_DOCUMENT.paths)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const op of Object.values(ops)) {
        const declared = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
        expect(declared, path).toEqual(names);
      }
    }
  });

  it('resolves every $ref', () => {
    const refs = [...JSON.stringify(OPENAPI_DOCUMENT).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)];
    expect(refs.length).toBeGreaterThan(0);
    for (const [, name] of refs) expect(OPENAPI_DOCUMENT.components.schemas, name).toHaveProperty(name!);
  });
});
