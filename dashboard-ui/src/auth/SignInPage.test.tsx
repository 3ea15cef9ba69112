import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../App.js';
import { fakeFetch } from '../testing/fake-fetch.js';
import { SessionProvider } from './session-context.js';

const SERVICES = {
  services: [
    { name: 'payments', requests: 100, requestRate: 1.6, errorRate: 0.08, apdex: 0.9, p50Ms: 10, p95Ms: 40, p99Ms: 90 },
    { name: 'shop', requests: 900, requestRate: 15, errorRate: 0, apdex: 0.97, p50Ms: 12, p95Ms: 80, p99Ms: 140 },
  ],
};

// The first render of a lazily loaded page transforms its module; on a loaded machine that takes seconds.
const SLOW = { timeout: 20_000 };

function renderApp(fetchImpl: typeof fetch) {
  return render(
    <MemoryRouter initialEntries={['/?from=now-6h']}>
      <SessionProvider storage={sessionStorage} fetchImpl={fetchImpl}>
        <App />
      </SessionProvider>
    </MemoryRouter>,
  );
}

function signIn(token: string) {
  fireEvent.change(screen.getByLabelText('Access token'), { target: { value: token } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('sign-in', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(cleanup);

  it('says a rejected token is not valid or has expired, and stores nothing', async () => {
    const api = fakeFetch({
      '/api/v1/session': { status: 401, body: { error: { code: 'unauthorized', message: 'unknown bearer token' } } },
    });
    renderApp(api.fetch);
    signIn('wrong-token');
    expect(await screen.findByRole('alert', {}, SLOW)).toHaveProperty(
      'textContent',
      'That token is not valid or has expired',
    );
    expect(sessionStorage.length).toBe(0);
    expect(api.calls[0]?.authorization).toBe('Bearer wrong-token');
  });

  it('opens the overview with the role from /api/v1/session, sorted by attention, keeping the time range', async () => {
    const api = fakeFetch({
      '/api/v1/session': { body: { name: 'grafana', role: 'viewer' } },
      '/api/v1/services': { body: SERVICES },
      '/api/v1/timeseries': { body: { stepMs: 60_000, points: [] } },
    });
    renderApp(api.fetch);
    signIn('  good-token ');
    expect(await screen.findByRole('heading', { level: 1, name: 'Overview' }, SLOW)).toBeTruthy();
    expect(JSON.parse(sessionStorage.getItem('stride.session') ?? '{}')).toEqual({
      token: 'good-token',
      name: 'grafana',
      role: 'viewer',
    });
    const links = await screen.findAllByRole('link', { name: /^(shop|payments)$/ }, SLOW);
    // payments fails 8 % of requests (red) so it comes before the healthy shop.
    expect(links.map((a) => a.textContent)).toEqual(['payments', 'shop']);
    expect(links[1]?.getAttribute('href')).toBe('/services/shop?from=now-6h');
    expect(screen.getByRole('button', { name: 'Time range' }).textContent).toContain('Last 6 hours');
    const servicesCall = api.calls.find((c) => c.url.pathname === '/api/v1/services');
    expect(servicesCall?.authorization).toBe('Bearer good-token');
    expect(Number(servicesCall?.url.searchParams.get('to')) - Number(servicesCall?.url.searchParams.get('from'))).toBe(
      6 * 3_600_000,
    );
  });

  it('signs out with the expiry message when a later request answers 401', async () => {
    sessionStorage.setItem('stride.session', JSON.stringify({ token: 'old', name: 'me', role: 'admin' }));
    const api = fakeFetch({
      '/api/v1/services': {
        status: 401,
        body: { error: { code: 'unauthorized', message: 'bearer token has been revoked' } },
      },
    });
    renderApp(api.fetch);
    expect(await screen.findByRole('alert', {}, SLOW)).toHaveProperty(
      'textContent',
      'That token is not valid or has expired',
    );
    expect(screen.getByLabelText('Access token')).toBeTruthy();
    expect(sessionStorage.getItem('stride.session')).toBeNull();
  });
});
