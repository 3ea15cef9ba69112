import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentLogger } from '@stride/performance';
import { afterAll, describe, expect, it } from 'vitest';
import { startDemoCommand } from './demo-command.js';
import type { RunningDemo } from './start-demo.js';

/** Free ports, held together while picking so no two are the same, then released for the demo to bind. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, async () => {
      const server = createNetServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return server;
    }),
  );
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

interface ServiceRow {
  name: string;
  requests: number;
}

describe('npm start (the live demo launcher)', () => {
  let demo: RunningDemo | undefined;
  let dataDir: string;

  afterAll(async () => {
    await demo?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('shows the shop and payments services with requests in the query API within 30 s', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'stride-demo-'));
    const [stridePort, shopPort, paymentsPort] = await freePorts(3);
    let out = '';
    const launchedMs = performance.now();
    const result = await startDemoCommand({
      argv: [
        '--port',
        String(stridePort),
        '--shop-port',
        String(shopPort),
        '--payments-port',
        String(paymentsPort),
        '--data-dir',
        dataDir,
        '--scale',
        '0.02',
      ],
      env: {},
      stdout: { write: (text: string) => (out += text) },
      stderr: { write: () => {} },
      logger: silentLogger,
    });
    demo = result.demo;
    expect(demo).toBeDefined();
    const readyMs = performance.now();

    expect(out).toContain(`dashboard: http://127.0.0.1:${stridePort}/\n`);
    const token = /^token: (\S+)$/m.exec(out)?.[1];
    expect(token).toBe(demo?.adminToken);
    expect(out).toContain(`shop (naive): http://127.0.0.1:${shopPort}\n`);
    expect(out).toContain(`payments: http://127.0.0.1:${paymentsPort}\n`);

    // The agents push every flush interval; poll until both services have reported requests.
    let services: ServiceRow[] = [];
    const deadlineMs = readyMs + 30_000;
    while (performance.now() < deadlineMs) {
      const response = await fetch(`http://127.0.0.1:${stridePort}/api/v1/services?from=now-15m`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
      services = ((await response.json()) as { services: ServiceRow[] }).services;
      const live = new Set(services.filter((s) => s.requests > 0).map((s) => s.name));
      if (live.has('shop') && live.has('payments')) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const firstDataMs = performance.now();
    console.info(
      `demo: ready ${((readyMs - launchedMs) / 1000).toFixed(1)} s after launch, ` +
        `data ${((firstDataMs - readyMs) / 1000).toFixed(1)} s after ready`,
    );
    expect(services.find((s) => s.name === 'shop')?.requests).toBeGreaterThan(0);
    expect(services.find((s) => s.name === 'payments')?.requests).toBeGreaterThan(0);

    const closingMs = performance.now();
    await demo?.close();
    demo = undefined;
    expect(performance.now() - closingMs).toBeLessThan(10_000);
    await expect(fetch(`http://127.0.0.1:${shopPort}/healthz`)).rejects.toThrow();
  }, 120_000);
});
