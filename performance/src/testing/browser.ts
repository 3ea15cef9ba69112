import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { DEFAULT_DASHBOARD_DIR } from '../http/static.js';

// Browser tests drive Debian's chromium with playwright-core (DESIGN.md "Real components"). Outside CI a machine
// without chromium or without a built dashboard skips them with a printed reason; in CI (CI=true) that is a
// failure, because a browser test that silently skips in CI is a defect.

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The repository's test-results/ folder (screenshots land here; CI keeps it). */
export const TEST_RESULTS_DIR = fileURLToPath(new URL('../../../test-results/', import.meta.url));
/** docs/images/ for the README screenshots. */
export const DOC_IMAGES_DIR = fileURLToPath(new URL('../../../docs/images/', import.meta.url));

/**
 * Why browser tests cannot run here, or null when they can. Throws in CI instead of returning a reason, so the
 * test file fails to load and the run counts it as failed.
 */
export function browserSkipReason({
  distDir = DEFAULT_DASHBOARD_DIR,
  chromiumPath = CHROMIUM_PATH,
  env = process.env,
  warn = console.warn,
}: {
  distDir?: string;
  chromiumPath?: string;
  env?: Record<string, string | undefined>;
  warn?: (message: string) => void;
} = {}): string | null {
  let reason: string | null = null;
  if (!existsSync(chromiumPath)) {
    reason = `chromium not found at ${chromiumPath} (apt-get install chromium; .ci/run does)`;
  } else if (!existsSync(path.join(distDir, 'index.html'))) {
    reason = `the dashboard is not built: no ${path.join(distDir, 'index.html')} (run npm run build)`;
  }
  if (reason !== null && env['CI'] === 'true') throw new Error(`browser tests cannot run in CI: ${reason}`);
  if (reason !== null) warn(`skipping browser tests: ${reason}`);
  return reason;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/**
 * Full-page PNG in test-results/. With STRIDE_DOC_IMAGES=1 also the viewport as docs/images/<docImage> (the README's
 * screenshots): opt-in, so ordinary test runs do not rewrite tracked files.
 */
export async function screenshot(
  page: Page,
  name: string,
  { docImage, env = process.env }: { docImage?: string; env?: Record<string, string | undefined> } = {},
): Promise<void> {
  await mkdir(TEST_RESULTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(TEST_RESULTS_DIR, `${name}.png`), fullPage: true });
  if (docImage && env['STRIDE_DOC_IMAGES'] === '1') {
    await mkdir(DOC_IMAGES_DIR, { recursive: true });
    await page.screenshot({ path: path.join(DOC_IMAGES_DIR, docImage), fullPage: false });
  }
}
