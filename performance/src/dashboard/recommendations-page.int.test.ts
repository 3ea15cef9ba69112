import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DASHBOARD_DIR } from '../http/static.js';
import { browserSkipReason, launchChromium, screenshot } from '../testing/browser.js';
import { seedDashboardData } from '../testing/dashboard-seed.js';
import { startTestService, type TestService } from '../testing/test-service.js';

// The Recommendations page in chromium against a real metrics service: the seeded shop traffic has an N+1 (8
// product lookups per GET /products/:id), the analysis finds it, and the test walks it through accept → apply
// (25 minutes ago, so both sides of the marker hold data) → validate before opening the list and the detail.

const ADMIN = 'browser-admin-token-0123456789';
const distDir = process.env['STRIDE_DASHBOARD_DIR'] || DEFAULT_DASHBOARD_DIR;
const skip = browserSkipReason({ distDir });

interface ListedRecommendation {
  id: string;
  kind: string;
  route: string | null;
  title: string;
}

describe.skipIf(skip !== null)('recommendations page in chromium', () => {
  let service: TestService;
  let browser: Browser;
  let nPlusOne: ListedRecommendation;
  const pageErrors: string[] = [];

  const api = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const res = await fetch(`${service.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json()) as unknown;
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
    return json;
  };

  beforeAll(async () => {
    service = await startTestService(
      { STRIDE_ADMIN_TOKEN: ADMIN, STRIDE_DASHBOARD_DIR: distDir, STRIDE_ANALYSIS_CRON: 'off' },
      'stride-rec-browser-',
    );
    await seedDashboardData({ url: service.url, adminToken: ADMIN });
    await api('POST', '/api/v1/analysis?service=shop');
    const { recommendations } = (await api('GET', '/api/v1/recommendations?service=shop')) as {
      recommendations: ListedRecommendation[];
    };
    const found = recommendations.find((r) => r.kind === 'n-plus-one-db' && r.route === 'GET /products/:id');
    if (found === undefined) throw new Error(`no N+1 found; got ${JSON.stringify(recommendations.map((r) => r.kind))}`);
    nPlusOne = found;
    const base = `/api/v1/recommendations/${encodeURIComponent(found.id)}`;
    await api('POST', `${base}/accept`, { reason: 'batch the product lookups' });
    await api('POST', `${base}/apply`, { t: 'now-25m', version: '1.4.2' });
    const validated = (await api('POST', `${base}/validate`)) as { status: string; validation: { state: string } };
    expect(validated.status).toBe('validated');
    expect(validated.validation.state).toBe('done');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  async function open(pathname: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') pageErrors.push(`${page.url()}: ${msg.text()}`);
    });
    await page.goto(`${service.url}${pathname}`);
    await page.getByLabel('Access token').fill(ADMIN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    return page;
  }

  /** A chart (role img, named by its aria-label) has drawn: recharts renders an svg surface once it has a size. */
  const chartDrawn = (page: Page, name: RegExp) => page.getByRole('img', { name }).locator('svg').first().waitFor();

  it('lists the N+1, opens its detail with evidence, the fix, the verdict and both charts', async () => {
    const page = await open('/recommendations');
    const link = page.getByRole('link', { name: nPlusOne.title });
    await link.waitFor();
    const row = page.locator('tr', { has: link });
    expect(await row.innerText()).toMatch(/N\+1 queries[\s\S]*shop[\s\S]*GET\s*\/products\/:id[\s\S]*Validated/);
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'recommendations-list');

    await link.click();
    await page.waitForURL(new RegExp(`/recommendations/${encodeURIComponent(nPlusOne.id)}`));
    await page.getByRole('heading', { level: 1, name: nPlusOne.title }).waitFor();
    const evidence = page.getByRole('table', { name: /^Evidence for/ });
    await evidence.waitFor();
    expect(await evidence.innerText()).toMatch(/Calls per request \(mean\)\s+8/);
    expect(await evidence.innerText()).not.toContain('{');
    expect(await page.locator('a[href^="/traces/"]').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Copy the fix' }).waitFor();
    const verdict = page.getByRole('status', { name: /^Verdict: (Improved|Unchanged|Regressed)$/ });
    expect(await verdict.innerText()).toMatch(/p95 .* → .* \(.*, p = .*\)/);
    await chartDrawn(page, /^p95 latency per minute/);
    await chartDrawn(page, /^Latency distributions/);
    // An admin may resolve a validated recommendation.
    await page.getByRole('button', { name: 'Resolve' }).waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'recommendations-detail');

    const dark = await open(`/recommendations/${encodeURIComponent(nPlusOne.id)}`, 'dark');
    await chartDrawn(dark, /^Latency distributions/);
    await dark.waitForLoadState('networkidle');
    await screenshot(dark, 'recommendations-detail-dark');
    expect(pageErrors, 'page errors').toEqual([]);
  });

  it('badges on the Service and Route pages count open recommendations and link to the filtered list', async () => {
    const { recommendations } = (await api('GET', '/api/v1/recommendations?service=shop&status=open')) as {
      recommendations: ListedRecommendation[];
    };
    const text = (n: number) => `${n} open recommendation${n === 1 ? '' : 's'}`;
    const onRoute = recommendations.filter((r) => r.route === 'GET /products/:id').length;
    expect(recommendations.length).toBeGreaterThan(0);

    const page = await open('/services/shop');
    const badge = page.getByRole('link', { name: text(recommendations.length) });
    await badge.waitFor();
    await screenshot(page, 'recommendations-service-badge');
    await badge.click();
    await page.waitForURL(/\/recommendations\?.*service=shop/);
    expect(new URL(page.url()).searchParams.get('status')).toBe('open');
    const table = page.getByRole('table', { name: 'Recommendations' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(recommendations.length);

    await page.goto(`${service.url}/services/shop/routes/GET/products/:id`);
    await page.getByRole('heading', { name: 'GET /products/:id' }).waitFor();
    if (onRoute > 0) await page.getByRole('link', { name: text(onRoute) }).waitFor();
    else expect(await page.getByRole('link', { name: /open recommendation/ }).count()).toBe(0);
    expect(pageErrors, 'page errors').toEqual([]);
  });
});
