// The dashboard's budgets: the JavaScript a first visit must download before the app can render (gzip, as the
// metrics service sends it) against 200 KB, and the Lighthouse performance score of the signed-in overview served
// by the real service with seeded data against 95.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { desktopConfig } from 'lighthouse';

export const INITIAL_JS_BUDGET_BYTES = 200 * 1024;
export const LIGHTHOUSE_TARGET = 95;
export const DEFAULT_DIST_DIR = fileURLToPath(new URL('../dashboard-ui/dist/', import.meta.url));
const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface Storage {
  setItem(key: string, value: string): void;
}

export interface AssetSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

/**
 * The scripts index.html makes the browser fetch before first render: the module entry script(s) and every
 * `<link rel="modulepreload">`. Lazy page chunks are not part of it. Gzip at zlib's default level 6, which is what
 * the `compression` middleware sends.
 */
export function initialJavaScript(distDir = DEFAULT_DIST_DIR): { assets: AssetSize[]; totalGzipBytes: number } {
  const html = readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const attr = (tag: string, name: string) => new RegExp(`\\s${name}=["']([^"']+)["']`).exec(tag)?.[1];
  const files = new Set<string>();
  for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
    const src = attr(tag, 'src');
    if (src && /type=["']module["']/.test(tag)) files.add(src);
  }
  for (const tag of html.match(/<link\b[^>]*>/g) ?? []) {
    const href = attr(tag, 'href');
    if (href && /rel=["']modulepreload["']/.test(tag)) files.add(href);
  }
  if (files.size === 0) throw new Error(`no module script in ${path.join(distDir, 'index.html')}`);
  const assets = [...files].map((url) => {
    const bytes = readFileSync(path.join(distDir, url.replace(/^\//, '')));
    return { file: url, bytes: bytes.length, gzipBytes: gzipSync(bytes).length };
  });
  return { assets, totalGzipBytes: assets.reduce((sum, a) => sum + a.gzipBytes, 0) };
}

export interface LighthouseRun {
  formFactor: 'mobile' | 'desktop';
  score: number;
  metrics: { fcpMs: number; lcpMs: number; tbtMs: number; cls: number; speedIndexMs: number };
}

/**
 * Lighthouse 12 on Debian's chromium (chrome-launcher) against `url`, signed in: the session the app keeps in
 * sessionStorage is written before the app's scripts run on every document of the page Lighthouse drives. That
 * needs a page handle, so it goes through puppeteer-core (pinned to the version Lighthouse depends on).
 */
export async function lighthouseRuns({
  url,
  session,
}: {
  url: string;
  session: { token: string; name: string; role: string };
}): Promise<LighthouseRun[]> {
  statSync(CHROMIUM_PATH);
  const puppeteer = await import('puppeteer-core');
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM_PATH, chromeFlags: CHROMIUM_FLAGS });
  const runs: LighthouseRun[] = [];
  try {
    const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}`, defaultViewport: null });
    for (const formFactor of ['mobile', 'desktop'] as const) {
      const page = await browser.newPage();
      await page.evaluateOnNewDocument((value: string) => {
        try {
          // Runs in the page; bench code is typed without the DOM library.
          (globalThis as unknown as { sessionStorage: Storage }).sessionStorage.setItem('stride.session', value);
        } catch {
          // about:blank has no storage; the app's origin does.
        }
      }, JSON.stringify(session));
      const config = formFactor === 'desktop' ? desktopConfig : undefined;
      const result = await lighthouse(
        url,
        { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] },
        config,
        // The same puppeteer-core version Lighthouse types its page with, resolved from the root.
        page as never,
      );
      await page.close();
      if (!result) throw new Error('lighthouse returned no result');
      const { lhr } = result;
      if (lhr.runtimeError) throw new Error(`lighthouse: ${lhr.runtimeError.message}`);
      if (!lhr.finalDisplayedUrl.startsWith(url)) throw new Error(`lighthouse ended on ${lhr.finalDisplayedUrl}`);
      // Signed in means the overview asked the API for the services; the sign-in page never does.
      const requests = (lhr.audits['network-requests']?.details as { items?: { url?: string }[] } | undefined)?.items;
      if (!requests?.some((r) => r.url?.includes('/api/v1/services'))) {
        throw new Error('lighthouse measured a page that never loaded /api/v1/services: not signed in?');
      }
      const audit = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
      runs.push({
        formFactor,
        score: Math.round((lhr.categories['performance']?.score ?? 0) * 100),
        metrics: {
          fcpMs: audit('first-contentful-paint'),
          lcpMs: audit('largest-contentful-paint'),
          tbtMs: audit('total-blocking-time'),
          cls: audit('cumulative-layout-shift'),
          speedIndexMs: audit('speed-index'),
        },
      });
    }
    await browser.disconnect();
  } finally {
    chrome.kill();
  }
  return runs;
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

export function formatInitialJs({ assets, totalGzipBytes }: ReturnType<typeof initialJavaScript>): string[] {
  const verdict = totalGzipBytes <= INITIAL_JS_BUDGET_BYTES ? 'within' : 'OVER';
  return [
    '| initial script | raw KB | gzip KB |',
    '| --- | ---: | ---: |',
    ...assets.map((a) => `| \`${a.file}\` | ${kb(a.bytes)} | ${kb(a.gzipBytes)} |`),
    `| **total** | ${kb(assets.reduce((s, a) => s + a.bytes, 0))} | **${kb(totalGzipBytes)}** (${verdict} the ${kb(INITIAL_JS_BUDGET_BYTES)} KB budget) |`,
  ];
}

export function formatLighthouse(runs: LighthouseRun[]): string[] {
  return [
    '| Lighthouse 12, signed-in overview | score | FCP ms | LCP ms | TBT ms | CLS | Speed Index ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...runs.map(
      (r) =>
        `| ${r.formFactor} (default throttling) | **${r.score}** ${r.score >= LIGHTHOUSE_TARGET ? '✓' : '✗'} | ${r.metrics.fcpMs.toFixed(0)} | ${r.metrics.lcpMs.toFixed(0)} | ${r.metrics.tbtMs.toFixed(0)} | ${r.metrics.cls.toFixed(3)} | ${r.metrics.speedIndexMs.toFixed(0)} |`,
    ),
  ];
}
