import { describe, expect, it, vi } from 'vitest';
import { ApiError, buildUrl, createApiClient, expandPath, getTyped } from './client.js';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('api client', () => {
  it('builds URLs without empty parameters and encodes path parameters', () => {
    expect(buildUrl('/api/v1/traces', { service: 'shop', route: '', limit: 20, method: null })).toBe(
      '/api/v1/traces?service=shop&limit=20',
    );
    expect(expandPath('/api/v1/services/{service}/routes', { service: 'a b/c' })).toBe(
      '/api/v1/services/a%20b%2Fc/routes',
    );
    expect(() => expandPath('/api/v1/services/{service}/routes')).toThrow('path parameter service missing');
  });

  it('sends the bearer token and returns the JSON body', async () => {
    const fetchImpl = vi.fn(async () => json(200, { routes: [] }));
    const client = createApiClient({ token: 'abc', fetchImpl });
    const body = await getTyped(client, '/api/v1/services/{service}/routes', {
      path: { service: 'shop' },
      query: { from: '1' },
    });
    expect(body).toEqual({ routes: [] });
    expect(fetchImpl).toHaveBeenCalledWith(
      '/api/v1/services/shop/routes?from=1',
      expect.objectContaining({ method: 'GET' }),
    );
    const init = (fetchImpl.mock.calls[0] as unknown as [string, RequestInit])[1];
    expect((init.headers as Record<string, string>)['Authorization']).toBe('Bearer abc');
  });

  it("turns error answers into ApiError with the server's message, and reports 401s", async () => {
    const onUnauthorized = vi.fn();
    const answers = [
      json(400, { error: { code: 'bad_request', message: 'from: expected unix ms' } }),
      json(401, { error: { code: 'unauthorized', message: 'unknown bearer token' } }),
      new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    ];
    const client = createApiClient({ token: 'x', onUnauthorized, fetchImpl: async () => answers.shift()! });
    await expect(client.get('/a')).rejects.toMatchObject({
      status: 400,
      code: 'bad_request',
      message: 'from: expected unix ms',
    });
    expect(onUnauthorized).not.toHaveBeenCalled();
    await expect(client.get('/a')).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    await expect(client.get('/a')).rejects.toMatchObject({ status: 502, code: 'http_502', message: '502 Bad Gateway' });
  });

  it('reports an unreachable server as a network error', async () => {
    const client = createApiClient({
      token: 'x',
      fetchImpl: async () => Promise.reject(new TypeError('fetch failed')),
    });
    await expect(client.get('/a')).rejects.toMatchObject({
      status: 0,
      message: 'The metrics service could not be reached',
    });
  });
});
