// biome-ignore-all lint/suspicious/noTemplateCurlyInString: dashboard templates spell ${name} literally.
import { describe, expect, it } from 'vitest';
import type { ApiClient, Query } from '../../api/client.js';
import { busiestOption } from './dashboard-engine.js';
import type { Variable } from './dashboard-types.js';
import { resolveVariables } from './use-variables.js';

const RANGE = { from: 'now-1h', to: 'now' };

/** /api/v1/services as the seeded data has it: alphabetical, payments first but shop the busiest. */
const SERVICES = {
  services: [
    { name: 'payments', requests: 360 },
    { name: 'search', requests: 480 },
    { name: 'shop', requests: 1_200 },
  ],
};
const ROUTES: Record<string, unknown> = {
  '/api/v1/services/shop/routes': {
    routes: [
      { route: '/cart', requests: 120 },
      { route: '/products/:id', requests: 720 },
    ],
  },
};

function fakeApi(): ApiClient & { calls: { path: string; query?: Query }[] } {
  const calls: { path: string; query?: Query }[] = [];
  return {
    calls,
    get: async (path, query) => {
      calls.push({ path, ...(query ? { query } : {}) });
      return path === '/api/v1/services' ? SERVICES : (ROUTES[path] ?? { routes: [] });
    },
    post: async () => {
      throw new Error('not used');
    },
  };
}

const service: Variable = {
  name: 'service',
  type: 'query',
  query: { endpoint: '/api/v1/services', rows: 'services', value: 'name' },
};
const route: Variable = {
  name: 'route',
  type: 'query',
  query: { endpoint: '/api/v1/services/${service}/routes', rows: 'routes', value: 'route' },
};

describe('resolveVariables', () => {
  it('defaults a query variable to the option with the most requests, then resolves dependants with it', async () => {
    const api = fakeApi();
    const resolved = await resolveVariables(api, [service, route], () => null, RANGE);
    expect(resolved.options['service']).toEqual(['payments', 'search', 'shop']);
    expect(resolved.values).toEqual({ service: 'shop', route: '/products/:id' });
    expect(api.calls.map((c) => c.path)).toEqual(['/api/v1/services', '/api/v1/services/shop/routes']);
    expect(api.calls[0]!.query).toMatchObject(RANGE);
  });

  it('keeps the URL’s choice and a declared default over the busiest option', async () => {
    const fromUrl = (name: string) => (name === 'service' ? 'payments' : null);
    expect((await resolveVariables(fakeApi(), [service], fromUrl, RANGE)).values).toEqual({ service: 'payments' });
    const withDefault: Variable = { ...service, default: 'search' };
    expect((await resolveVariables(fakeApi(), [withDefault], () => null, RANGE)).values).toEqual({ service: 'search' });
    // A URL value that is no option falls back to the busiest.
    const gone = (name: string) => (name === 'service' ? 'gone' : null);
    expect((await resolveVariables(fakeApi(), [service], gone, RANGE)).values).toEqual({ service: 'shop' });
  });

  it('falls back to the first option when rows carry no request counts', async () => {
    expect(
      busiestOption({ services: [{ name: 'a' }, { name: 'b', requests: 0 }] }, 'services', 'name'),
    ).toBeUndefined();
    expect(busiestOption({ services: 'nope' }, 'services', 'name')).toBeUndefined();
    const custom: Variable = { name: 'env', type: 'custom', options: ['prod', 'staging'] };
    expect((await resolveVariables(fakeApi(), [custom], () => null, RANGE)).values).toEqual({ env: 'prod' });
  });
});
