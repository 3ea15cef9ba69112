import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DASHBOARD_DIR } from '../http/static.js';
import { browserSkipReason, launchChromium, screenshot } from '../testing/browser.js';
import { SEED_EXPECTED, type SeededTraces, seedDashboardData } from '../testing/dashboard-seed.js';
import { startTestService, type TestService } from '../testing/test-service.js';

// The dashboard app in a real chromium against the real metrics service with seeded data (testing/dashboard-seed.ts).
// STRIDE_DASHBOARD_DIR points both the gate and the service at another build of the app, e.g. a scratch build.

const ADMIN = 'browser-admin-token-0123456789';
const distDir = process.env['STRIDE_DASHBOARD_DIR'] || DEFAULT_DASHBOARD_DIR;
const skip = browserSkipReason({ distDir });

interface Viewport {
  width?: number;
  height?: number;
  colorScheme?: 'light' | 'dark';
}

/** "351 ms" → 351, "1.2 s" → 1200, "2 %" → 0.02, "0.33 req/s" → 0.33, "0.98" → 0.98. */
function parseShown(text: string): number {
  const match = /(-?[\d.,]+)\s*(ms|s|min|%|req\/s)?/.exec(text.trim());
  if (!match) throw new Error(`no number in ${JSON.stringify(text)}`);
  const value = Number(match[1]!.replaceAll(',', ''));
  const scale: Record<string, number> = { ms: 1, s: 1_000, min: 60_000, '%': 0.01, 'req/s': 1 };
  return value * (scale[match[2] ?? ''] ?? 1);
}

/**
 * Shown value within `relative` of the expected one (percentiles are within 0.55 %), or within the rounding of the
 * digits shown ("0.13 req/s" stands for 0.125…0.135).
 */
function expectShown(text: string, expected: number, relative: number, what: string): void {
  const shown = parseShown(text);
  const decimals = /\.(\d+)/.exec(text)?.[1]?.length ?? 0;
  const unitScale = parseShown(text.replace(/-?[\d.,]+/, '1'));
  const allowed = Math.max(Math.abs(expected) * relative, 0.5 * 10 ** -decimals * unitScale) + 1e-9;
  const message = `${what}: shown ${JSON.stringify(text)}, expected ≈ ${expected}`;
  expect(Math.abs(shown - expected), message).toBeLessThanOrEqual(allowed);
}

/** The first table on the page as { rowName: { columnHeader: cellText } }, keyed by the column `keyHeader`. */
async function readTable(page: Page, keyHeader: string): Promise<Record<string, Record<string, string>>> {
  const table = page.locator('table').first();
  await table.locator('tbody tr').first().waitFor();
  const headers = (await table.locator('thead th').allInnerTexts()).map((h) => h.trim());
  const out: Record<string, Record<string, string>> = {};
  for (const row of await table.locator('tbody tr').all()) {
    const cells = (await row.locator('td, th').allInnerTexts()).map((c) => c.trim());
    const record = Object.fromEntries(headers.map((h, i) => [h, cells[i] ?? '']));
    out[record[keyHeader]!] = record;
  }
  return out;
}

describe.skipIf(skip !== null)('dashboard in chromium', () => {
  let service: TestService;
  let browser: Browser;
  let traces: SeededTraces;
  const contexts: BrowserContext[] = [];
  /** Uncaught exceptions and console errors per page: a page that throws is broken even if it renders. */
  const pageErrors: string[] = [];

  beforeAll(async () => {
    service = await startTestService({ STRIDE_ADMIN_TOKEN: ADMIN, STRIDE_DASHBOARD_DIR: distDir }, 'stride-browser-');
    traces = await seedDashboardData({ url: service.url, adminToken: ADMIN });
    browser = await launchChromium();
  });

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    const errors = pageErrors.splice(0);
    expect(errors, 'page errors').toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  async function open(pathname = '/', { width = 1280, height = 800, colorScheme = 'light' }: Viewport = {}) {
    const context = await browser.newContext({ viewport: { width, height }, colorScheme });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
    page.on('console', (msg) => {
      // A 401 from the wrong-token check is expected and logged by chromium as a failed resource load.
      if (msg.type() === 'error' && !/status of 401/.test(msg.text())) pageErrors.push(`${page.url()}: ${msg.text()}`);
    });
    await page.goto(`${service.url}${pathname}`);
    return page;
  }

  async function signIn(page: Page, token = ADMIN): Promise<void> {
    await page.getByLabel('Access token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it('signs in with the admin token; a wrong token shows an error', async () => {
    const page = await open('/');
    await expect.poll(() => page.title()).toMatch(/Sign in/);
    await screenshot(page, 'sign-in');
    await signIn(page, 'definitely-not-a-token');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/not valid|expired/i);
    await screenshot(page, 'sign-in-error');

    await signIn(page, ADMIN);
    await page.getByRole('link', { name: 'shop', exact: true }).waitFor();
    expect(await page.getByLabel('Access token').count()).toBe(0);
  });

  it('overview shows the seeded services with the right numbers (light and dark, 1280 and 768 wide)', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const width of [1280, 768]) {
        const page = await open('/', { width, colorScheme });
        await signIn(page);
        await page.getByRole('link', { name: 'search', exact: true }).waitFor();
        if (colorScheme === 'light' && width === 1280) {
          const rows = await readTable(page, 'Service');
          expect(Object.keys(rows).sort()).toEqual(['payments', 'search', 'shop']);
          for (const [name, expected] of Object.entries(SEED_EXPECTED)) {
            const row = rows[name]!;
            expectShown(row['Requests']!, expected.requests / 3_600, 0.02, `${name} request rate`);
            expectShown(row['Error rate']!, expected.errorRate, 0.02, `${name} error rate`);
            expectShown(row['p95']!, expected.p95Ms, 0.01, `${name} p95`);
            expectShown(row['Apdex']!, expected.apdex, 0.006, `${name} apdex`);
          }
          // payments and shop need attention, both amber: the tile takes the worst health, not red for any count.
          const attention = page.locator('.kpi', { hasText: 'Need attention' });
          expect(await attention.innerText()).toMatch(/2$/);
          expect(await attention.getAttribute('class')).toBe('kpi kpi--amber');
        }
        await page.waitForLoadState('networkidle');
        const docImage = colorScheme === 'light' && width === 1280 ? 'overview.png' : undefined;
        await screenshot(page, `overview-${colorScheme}-${width}`, { docImage });
      }
    }
  });

  it('navigates service → route → trace', async () => {
    const page = await open('/');
    await signIn(page);
    await page.getByRole('link', { name: 'shop', exact: true }).click();
    await page.waitForURL(/\/services\/shop(\?|$)/);
    await page.getByRole('link', { name: /\/products\/:id/ }).waitFor();
    await page.waitForLoadState('networkidle');
    // The sidebar's background runs the whole (long) page, not just the first viewport; its nav stays in view.
    const pageHeight = await page.locator('html').evaluate((el) => el.scrollHeight);
    const sidebarHeight = (await page.locator('.sidebar').boundingBox())!.height;
    expect(pageHeight).toBeGreaterThan(800);
    expect(sidebarHeight).toBeGreaterThanOrEqual(pageHeight - 1);
    await screenshot(page, 'service-shop');

    await page
      .getByRole('link', { name: /\/products\/:id/ })
      .first()
      .click();
    await page.waitForURL(/\/services\/shop\/routes\/GET\/products\//);
    await page.getByRole('heading', { name: 'GET /products/:id' }).waitFor();
    await page.waitForLoadState('networkidle');
    // Ticks are labelled by their own bucket's bounds: the last one is the 45 ms bucket the p99 line stands on.
    const distribution = page.getByRole('img', { name: /Latency distribution/ });
    await distribution.locator('.recharts-xAxis-tick-labels text').last().waitFor();
    const ticks = await distribution
      .locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value')
      .allTextContents();
    expect(ticks.at(-1)).toMatch(/–45 ms$/);
    expect(await distribution.locator('.marker-label').allTextContents()).toContain('p95 · p99 45 ms');
    await screenshot(page, 'route-products');

    // The seeded trace of this route (started 4 minutes ago, 48 ms) is the only one: open it.
    await page.locator(`a[href^="/traces/${traces.productTraceId}"]`).first().click();
    await page.waitForURL(new RegExp(`/traces/${traces.productTraceId}`));
    await page.getByText('Waterfall').waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'trace-products', { docImage: 'trace.png' });
    // The 8 identical product lookups are grouped into one row.
    await page.getByRole('button', { name: /× 8 SELECT products/ }).waitFor();
    await page.setViewportSize({ width: 768, height: 800 });
    await page.waitForTimeout(100);
    await screenshot(page, 'trace-products-768');
  });

  it('changes the time range with the "Time range" button', async () => {
    const page = await open('/');
    await signIn(page);
    await page.getByRole('link', { name: 'shop', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Time range' }).click();
    await page.getByRole('button', { name: 'Last 6 hours' }).click();
    await page.waitForURL(/from=now-6h/);
    // Same 1,200 requests over 6 h instead of 1 h: a sixth of the rate.
    await expect
      .poll(async () => parseShown((await readTable(page, 'Service'))['shop']!['Requests']!))
      .toBeCloseTo(1_200 / 21_600, 2);
    await screenshot(page, 'overview-6h');
  });

  it('opens the JSON dashboards: every panel renders without an error, variables drive the queries', async () => {
    const page = await open('/dashboards');
    await signIn(page);
    for (const id of ['performance', 'monitoring', 'optimization']) {
      const definition = (await (
        await fetch(`${service.url}/api/v1/dashboards/${id}`, { headers: { authorization: `Bearer ${ADMIN}` } })
      ).json()) as { title: string; panels: { title: string }[] };
      await page.goto(`${service.url}/dashboards`);
      await page.getByRole('link', { name: definition.title }).first().click();
      await page.waitForURL(new RegExp(`/dashboards/${id}`));
      // Titles with a ${variable} are shown filled in; match the text before the placeholder.
      for (const panel of definition.panels) {
        await page.getByText(panel.title.split('${')[0]!.trim()).first().waitFor();
      }
      // The service variable opens on the busiest service (shop, 1,200 requests), not the alphabetically first
      // (payments); shop is also the one with DB, cache, dependency and pool data.
      const variable = page.getByRole('combobox', { name: 'Service', exact: true });
      await expect.poll(() => variable.inputValue()).toBe('shop');
      if (id === 'performance') {
        const p95 = page.locator('.dash-cell', { hasText: 'p95 latency' }).locator('.stat-value');
        // payments has p95 400 ms, shop 350 ms.
        await expect.poll(async () => parseShown(await p95.innerText())).toBeLessThan(380);
        expectShown(await p95.innerText(), SEED_EXPECTED.shop.p95Ms, 0.01, 'dashboard p95 of shop');
        // The Routes table is wider than its half-width panel: it scrolls inside the panel to its last column.
        const routes = page.locator('.dash-cell', { hasText: 'Routes' });
        const scroller = routes.getByRole('region', { name: /Routes \(scrolls sideways\)/ });
        await scroller.evaluate((el) => {
          el.scrollLeft = el.scrollWidth;
        });
        const panelBox = (await routes.locator('section.panel').boundingBox())!;
        const errorsBox = (await routes.getByRole('columnheader', { name: 'Errors' }).boundingBox())!;
        expect(errorsBox.x + errorsBox.width).toBeLessThanOrEqual(panelBox.x + panelBox.width);
        await scroller.evaluate((el) => {
          el.scrollLeft = 0;
        });
      }
      await page.waitForLoadState('networkidle');
      expect(await page.getByRole('alert').allInnerTexts(), `${id}: panel errors`).toEqual([]);
      await screenshot(page, `dashboard-${id}`);
    }
  });
});
