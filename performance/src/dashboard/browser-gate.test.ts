import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { browserSkipReason } from '../testing/browser.js';

// The gate the browser tests use: skip with a printed reason on a laptop, fail in CI.
describe('browserSkipReason', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stride-gate-'));
  const fakeChromium = path.join(dir, 'chromium');
  writeFileSync(fakeChromium, '');
  const builtDist = mkdtempSync(path.join(tmpdir(), 'stride-gate-dist-'));
  writeFileSync(path.join(builtDist, 'index.html'), '<!doctype html>');
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(builtDist, { recursive: true, force: true });
  });

  it('runs when chromium and the built app are there', () => {
    expect(browserSkipReason({ chromiumPath: fakeChromium, distDir: builtDist, env: { CI: 'true' } })).toBeNull();
  });

  it('skips with a printed reason outside CI', () => {
    const printed: string[] = [];
    const warn = (m: string) => printed.push(m);
    const noChromium = browserSkipReason({ chromiumPath: path.join(dir, 'none'), distDir: builtDist, env: {}, warn });
    expect(noChromium).toMatch(/^chromium not found at .*none/);
    const notBuilt = browserSkipReason({ chromiumPath: fakeChromium, distDir: dir, env: {}, warn });
    expect(notBuilt).toMatch(/the dashboard is not built.*npm run build/);
    expect(printed).toEqual([`skipping browser tests: ${noChromium}`, `skipping browser tests: ${notBuilt}`]);
  });

  it('fails in CI instead of skipping', () => {
    expect(() =>
      browserSkipReason({ chromiumPath: path.join(dir, 'none'), distDir: builtDist, env: { CI: 'true' } }),
    ).toThrow(/browser tests cannot run in CI: chromium not found/);
    expect(() => browserSkipReason({ chromiumPath: fakeChromium, distDir: dir, env: { CI: 'true' } })).toThrow(
      /browser tests cannot run in CI: the dashboard is not built/,
    );
  });
});
