import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../api/types.js';
import { SessionProvider } from '../../auth/session-context.js';
import { TimeProvider } from '../../state/time-context.js';
import { fakeFetch } from '../../testing/fake-fetch.js';
import { RecommendationsBadge } from './RecommendationsBadge.js';
import RecommendationsPage from './RecommendationsPage.js';
import type { Recommendation } from './recommendation-types.js';

const NOW = Date.now();

const rec = (over: Partial<Recommendation>): Recommendation => ({
  id: 'r1',
  kind: 'n-plus-one-db',
  service: 'shop',
  route: 'GET /products/:id',
  key: 'k',
  title: 'GET /products/:id runs `SELECT products` 8× per request',
  evidence: {
    exampleTraceIds: ['4bf92f3577b34da6a3ce929d0e0e4736'],
    statement: 'SELECT * FROM products WHERE id = $1',
    meanCallTimeSavedMs: 35.1,
  } as unknown as Recommendation['evidence'],
  impact: { msSavedPerRequest: 35.1, msSavedPerMinute: 7_020 },
  priority: 7_020,
  priorityLabel: 'high',
  fix: { text: 'Batch the lookups.', code: 'select * from products where id = ANY($1)', language: 'sql' },
  status: 'open',
  allowedEvents: ['accept', 'dismiss'],
  firstSeen: NOW - 3_600_000,
  lastSeen: NOW - 120_000,
  detections: 4,
  validation: null,
  ...over,
});

const LIST = [
  rec({}),
  rec({
    id: 'r2',
    kind: 'pool-saturation',
    route: null,
    title: 'Connection pool main is exhausted',
    impact: { msSavedPerRequest: 2, msSavedPerMinute: 300 },
    priority: 300,
    priorityLabel: 'low',
    status: 'dismissed',
  }),
];

function renderAt(path: string, role: Role = 'viewer', page = <RecommendationsPage />) {
  sessionStorage.setItem('stride.session', JSON.stringify({ token: 't0k', name: 'someone', role }));
  const api = fakeFetch({
    // As the server does: the status filter applies.
    '/api/v1/recommendations': (url: URL) => ({
      body: { recommendations: LIST.filter((r) => (url.searchParams.get('status') ?? r.status) === r.status) },
    }),
    '/api/v1/services': { body: { services: [{ name: 'shop' }, { name: 'payments' }] } },
    '/api/v1/recommendations/r1': { body: { ...rec({}), history: [] } },
    '/api/v1/recommendations/r1/tracking': {
      body: {
        id: 'r1',
        status: 'open',
        allowedEvents: ['accept', 'dismiss'],
        validation: null,
        history: [
          { at: NOW - 3_600_000, actor: 'analysis', type: 'detected', from: null, to: 'open', reason: 'first' },
        ],
        series: { markerId: null, markerT: null, stepMs: 60_000, before: [], after: [] },
      },
    },
  });
  render(
    <SessionProvider storage={sessionStorage} fetchImpl={api.fetch}>
      <MemoryRouter initialEntries={[path]}>
        <TimeProvider>
          <Routes>
            <Route path="/recommendations/:id?" element={page} />
          </Routes>
        </TimeProvider>
      </MemoryRouter>
    </SessionProvider>,
  );
  return api;
}

describe('Recommendations page', () => {
  beforeAll(() => {
    // recharts measures its container; jsdom has no layout.
    globalThis.ResizeObserver ??= class {
      observe() {}
      unobserve() {}
      disconnect() {}
    } as unknown as typeof ResizeObserver;
  });
  beforeEach(() => sessionStorage.clear());
  afterEach(cleanup);

  it('lists recommendations ranked, with filters from the URL sent to the API and the route filter applied here', async () => {
    const api = renderAt('/recommendations?service=shop&kind=n-plus-one-db&route=GET%20/products/:id');
    const table = await screen.findByRole('table', { name: 'Recommendations' });
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(2));
    const row = within(table).getAllByRole('row')[1]!;
    expect(
      within(row)
        .getByRole('link', { name: /runs `SELECT products` 8×/ })
        .getAttribute('href'),
    ).toBe('/recommendations/r1');
    expect(row.textContent).toContain('High');
    expect(row.textContent).toContain('35.1 ms');
    expect(row.textContent).toContain('7.02 s/min');
    const listCall = api.calls.find((c) => c.url.pathname === '/api/v1/recommendations');
    expect(Object.fromEntries(listCall!.url.searchParams)).toEqual({ service: 'shop', kind: 'n-plus-one-db' });
    expect(screen.getByRole('combobox', { name: 'Service' })).toHaveProperty('value', 'shop');
    expect(screen.getByRole('button', { name: /Remove the route filter/ })).toBeTruthy();
    // Viewers cannot run the analysis.
    expect(screen.queryByRole('button', { name: 'Run analysis' })).toBeNull();
  });

  it('offers editors "Run analysis"', async () => {
    renderAt('/recommendations', 'editor');
    await screen.findByRole('table', { name: 'Recommendations' });
    expect(screen.getByRole('button', { name: 'Run analysis' })).toBeTruthy();
  });

  it('shows a detail: evidence as a table, trace links, the fix as code, history; no actions for viewers', async () => {
    renderAt('/recommendations/r1');
    await screen.findByRole('heading', { level: 1, name: /runs `SELECT products` 8×/ });
    const evidence = screen.getByRole('table', { name: /^Evidence for/ });
    expect(within(evidence).getByRole('rowheader', { name: 'Call time one batch removes (mean)' })).toBeTruthy();
    expect(evidence.textContent).toContain('35.1 ms');
    expect(evidence.textContent).not.toContain('{');
    expect(screen.getByRole('link', { name: 'Open trace 4bf92f3577b34da6a3ce929d0e0e4736' }).getAttribute('href')).toBe(
      '/traces/4bf92f3577b34da6a3ce929d0e0e4736',
    );
    expect(screen.getByText('select * from products where id = ANY($1)')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy the fix' })).toBeTruthy();
    const history = screen.getByRole('region', { name: 'History' });
    await waitFor(() => expect(within(history).getByText('Detected')).toBeTruthy());
    expect(screen.getByRole('status', { name: 'Verdict: Not validated' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Accept' })).toBeNull();
  });

  it('shows editors the allowed lifecycle actions on the detail', async () => {
    renderAt('/recommendations/r1', 'editor');
    await screen.findByRole('heading', { level: 1, name: /runs `SELECT products` 8×/ });
    expect(screen.getByRole('button', { name: 'Accept' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Dismiss…' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Resolve' })).toBeNull();
  });
});

describe('RecommendationsBadge (Service and Route pages)', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(cleanup);

  it("counts a route's open recommendations and links to the list filtered to them", async () => {
    renderAt('/recommendations', 'viewer', <RecommendationsBadge service="shop" route="GET /products/:id" />);
    const badge = await screen.findByRole('link', { name: '1 open recommendation' });
    const href = new URL(badge.getAttribute('href')!, 'http://x');
    expect(href.pathname).toBe('/recommendations');
    expect(Object.fromEntries(href.searchParams)).toEqual({
      service: 'shop',
      status: 'open',
      route: 'GET /products/:id',
    });
    expect(badge.className).toContain('badge--red');
  });

  it('shows nothing for a route without open recommendations', async () => {
    // Both badges fetch together; once the one with a count shows, the other has its answer too.
    renderAt(
      '/recommendations',
      'viewer',
      <>
        <RecommendationsBadge service="shop" route="GET /cart" />
        <RecommendationsBadge service="shop" route="GET /products/:id" />
      </>,
    );
    await screen.findByRole('link', { name: '1 open recommendation' });
    expect(screen.getAllByRole('link')).toHaveLength(1);
  });
});
