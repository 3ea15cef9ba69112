import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer, parseConfig, type StrideServer, silentLogger } from '@stride/performance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningCommerce, startCommerce } from '../start-commerce.js';
import { type CommandIo, EXIT, runLoadCommand } from './load-command.js';

const ADMIN_TOKEN = 'load-test-admin-token-0123456789';

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function io(argv: string[]): CommandIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    argv,
    env: {},
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text), isTTY: false },
    out: () => out,
    err: () => err,
  };
}

describe('npm run load against a started shop and metrics service', () => {
  let commerce: RunningCommerce;
  let stride: StrideServer;
  let strideUrl: string;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'stride-load-'));
    const config = parseConfig({ flags: { 'data-dir': dataDir }, env: { STRIDE_ADMIN_TOKEN: ADMIN_TOKEN } });
    stride = await createServer({ ...config, port: 0 }, { logger: silentLogger });
    strideUrl = (await stride.listen()).url;
    commerce = await startCommerce({
      profile: 'optimized',
      seedScale: 0.01,
      agent: false,
      logger: { info: () => {}, warn: () => {}, error: (m) => console.error(m) },
    });
  });

  afterAll(async () => {
    await commerce?.close();
    await stride?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs a 3-second baseline, prints the summary table and stores the summary in Stride', async () => {
    const startedMs = performance.now();
    const cli = io([
      '--profile',
      'baseline',
      '--target',
      commerce.shopUrl,
      '--duration',
      '3s',
      '--stride',
      strideUrl,
      '--stride-token',
      ADMIN_TOKEN,
    ]);
    const result = await runLoadCommand(cli);
    expect(performance.now() - startedMs).toBeLessThan(20_000);

    // Thresholds are timings; on a busy machine they may fail, which is exit 1 — never a usage error.
    expect([EXIT.passed, EXIT.thresholdsFailed]).toContain(result.exitCode);
    const summary = result.report?.summary;
    expect(summary?.passed).toBe(result.exitCode === EXIT.passed);
    expect(summary?.scenarios.map((s) => s.name)).toEqual(['browse', 'detail', 'pricing', 'checkout', 'all']);
    const all = summary?.scenarios.find((s) => s.name === 'all');
    expect(all?.requests).toBeGreaterThan(30);
    expect(all?.errors).toBe(0);
    expect(summary?.scenarios.find((s) => s.name === 'browse')?.requests).toBeGreaterThan(10);
    expect(summary?.durationMs).toBeGreaterThanOrEqual(3_000);

    expect(cli.err()).toContain('load: baseline against http://127.0.0.1:');
    expect(cli.out()).toMatch(/^commerce-optimized · baseline · http:\/\/127\.0\.0\.1:\d+ · \d+\.\d s$/m);
    expect(cli.out()).toMatch(/^browse\s+\d+\s+0\s+0\.00%/m);
    expect(cli.out()).toMatch(/[✓✗] browse\.p95<300 {2}\(got [\d.]+\)/);
    expect(cli.err()).toMatch(/stored in Stride as benchmark [\w-]+/);

    const response = await fetch(`${strideUrl}/api/v1/benchmarks?profile=baseline`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(response.status).toBe(200);
    const { benchmarks } = (await response.json()) as { benchmarks: Array<Record<string, unknown>> };
    const stored = benchmarks.find((b) => b['id'] === result.benchmarkId);
    expect(stored).toMatchObject({
      name: 'commerce-optimized',
      profile: 'baseline',
      target: commerce.shopUrl,
      passed: summary?.passed,
      scenarios: summary?.scenarios,
      thresholds: summary?.thresholds,
    });
  });

  it('exits 1 when a threshold is crossed', async () => {
    const cli = io([
      '--target',
      commerce.shopUrl,
      '--duration',
      '1s',
      '--no-default-thresholds',
      '--threshold',
      'all.p50<0.001',
    ]);
    const result = await runLoadCommand(cli);
    expect(result.exitCode).toBe(EXIT.thresholdsFailed);
    expect(result.report?.summary.thresholds).toEqual([{ name: 'all.p50<0.001', ok: false }]);
    expect(cli.out()).toMatch(/✗ all\.p50<0\.001 {2}\(got [\d.]+\)\n\nFAILED: 1 threshold\(s\) crossed/);
  });

  it('exits 2 with one line for a usage error, an unreachable shop, or a token Stride refuses', async () => {
    const usage = io(['--profile', 'spike']);
    expect((await runLoadCommand(usage)).exitCode).toBe(EXIT.usage);
    expect(usage.err()).toBe('load: --profile must be one of baseline, stress, soak, got "spike"\n');

    const port = await closedPort();
    const down = io(['--target', `http://127.0.0.1:${port}`, '--duration', '1s']);
    expect((await runLoadCommand(down)).exitCode).toBe(EXIT.usage);
    expect(down.err()).toBe(
      `load: cannot sample the shop at http://127.0.0.1:${port}: GET /categories failed: cannot connect to http://127.0.0.1:${port}\n`,
    );

    const refused = io(['--target', commerce.shopUrl, '--stride', strideUrl, '--stride-token', 'wrong-token']);
    expect((await runLoadCommand(refused)).exitCode).toBe(EXIT.usage);
    expect(refused.err()).toBe(
      `load: Stride at ${strideUrl} refused GET /api/v1/benchmarks (401: unknown bearer token)\n`,
    );
    expect(refused.out()).toBe('');
  });
});
