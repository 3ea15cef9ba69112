import { spawn } from 'node:child_process';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { type Agent, startAgent } from './agent/start-agent.js';
import { startOtlpReceiver } from './testing/otlp-receiver.js';

const entry = fileURLToPath(new URL('./index.ts', import.meta.url));
const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listen(app: express.Express): Promise<string> {
  const server = await new Promise<http.Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  cleanups.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A shop whose /fan-out route makes 10 outbound calls (10 CLIENT spans per trace) to a local backend. */
async function fanOutShop(agent: Agent): Promise<string> {
  const backend = express();
  backend.get('/item/:id', (req, res) => {
    res.json({ id: req.params.id });
  });
  const backendUrl = await listen(backend);
  const app = express();
  app.use(agent.express());
  app.get('/fan-out', async (_req, res) => {
    const items = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => (await fetch(`${backendUrl}/item/${i}`)).json()),
    );
    res.json(items);
  });
  return listen(app);
}

/** Runs `body` (ESM; `startAgent`, `express` in scope) in a fresh Node process with --expose-gc; parses its last line. */
function runScript(body: string): Promise<{ code: number | null; result: Record<string, unknown>; output: string }> {
  const script = `import { startAgent } from ${JSON.stringify(entry)};\nimport express from 'express';\n${body}`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: fileURLToPath(new URL('..', import.meta.url)),
    });
    let output = '';
    child.stdout.on('data', (c) => {
      output += c;
    });
    child.stderr.on('data', (c) => {
      output += c;
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(killer);
      const last = output.trim().split('\n').at(-1) ?? '';
      let result: Record<string, unknown> = {};
      try {
        result = JSON.parse(last);
      } catch {}
      resolve({ code, result, output });
    });
  });
}

describe('the host keeps working when the OTLP endpoint misbehaves', () => {
  it('serves requests normally while trace and metric exports hang, and counts what it could not send', async () => {
    const receiver = await startOtlpReceiver(() => 'hang');
    cleanups.push(receiver.close);
    const warnings: string[] = [];
    const agent = startAgent({
      serviceName: 'shop',
      endpoint: receiver.endpoint,
      flushIntervalMillis: 3_600_000,
      // Long enough that 30 requests finish inside it even on a loaded CI box: the test is about order, not speed.
      exportTimeoutMillis: 8000,
      runtimeMetrics: false,
      tracing: { randomShare: 1 },
      logger: { warn: (m) => warnings.push(m) },
      env: {},
    });
    cleanups.push(() => agent.shutdown());
    const url = await fanOutShop(agent);
    await (await fetch(`${url}/fan-out`)).text();

    const flushing = agent.flush(); // both exports now hang until their 8 s budget runs out
    let flushDone = false;
    void flushing.then(() => {
      flushDone = true;
    });
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await fetch(`${url}/fan-out`);
      statuses.push(res.status);
      expect(await res.json()).toHaveLength(10);
    }
    expect(statuses).toEqual(Array(30).fill(200));
    expect(flushDone).toBe(false); // all 30 requests finished while the exports were stuck
    await flushing;
    expect(receiver.traceAttempts.length).toBeGreaterThanOrEqual(1);
    expect(agent.stats()).toMatchObject({ keptTraces: 1, exportedTraceBatches: 0, failedTraceExports: 1 });
    expect(warnings.some((w) => w.includes('/v1/traces failed'))).toBe(true);
  });

  it('stays within bounded memory with the endpoint down, dropping and counting traces, spans and batches', async () => {
    const { code, result, output } = await runScript(`
      const http = await import('node:http');
      const dead = http.createServer();
      await new Promise((r) => dead.listen(0, '127.0.0.1', r));
      const deadPort = dead.address().port;
      await new Promise((r) => dead.close(r));
      const agent = startAgent({
        serviceName: 'shop', endpoint: 'http://127.0.0.1:' + deadPort, flushIntervalMillis: 3_600_000,
        exportTimeoutMillis: 50, runtimeMetrics: false, maxBufferedBatches: 2,
        tracing: { randomShare: 1, maxTracesPerInterval: 50, maxSpansPerTrace: 5, maxBufferedBatches: 2 },
        logger: { warn() {} }, env: {},
      });
      const backend = express();
      backend.get('/item/:id', (req, res) => res.json({ id: req.params.id }));
      const b = await new Promise((r) => { const s = backend.listen(0, '127.0.0.1', () => r(s)); });
      const backendUrl = 'http://127.0.0.1:' + b.address().port;
      const app = express();
      app.use(agent.express());
      app.get('/fan-out/:n', async (req, res) => {
        const items = await Promise.all(Array.from({ length: 10 }, async (_, i) => (await fetch(backendUrl + '/item/' + i)).json()));
        res.json(items.length);
      });
      const s = await new Promise((r) => { const x = app.listen(0, '127.0.0.1', () => r(x)); });
      const url = 'http://127.0.0.1:' + s.address().port;
      const heapMb = () => { global.gc(); global.gc(); return process.memoryUsage().heapUsed / 1e6; };
      const heaps = [];
      let bad = 0;
      for (let round = 0; round < 4; round++) {
        for (let i = 0; i < 300; i++) {
          const res = await fetch(url + '/fan-out/' + (i % 400));
          if (res.status !== 200) bad++;
          await res.text();
        }
        await agent.flush();
        heaps.push(heapMb());
      }
      const stats = agent.stats();
      await agent.shutdown();
      s.closeAllConnections(); s.close(); b.closeAllConnections(); b.close();
      console.log(JSON.stringify({ heaps, bad, stats }));
    `);
    expect(code, output).toBe(0);
    console.log(`resilience: heap MB after each round ${JSON.stringify(result.heaps)}`);
    const { heaps, bad, stats } = result as { heaps: number[]; bad: number; stats: Record<string, number> };
    expect(bad).toBe(0);
    // 1,200 traced requests × 11 spans with nothing exported: after the first round, the heap stays flat.
    expect(heaps[3]! - heaps[1]!, JSON.stringify(heaps)).toBeLessThan(5);
    expect(stats.keptTraces).toBe(4 * 50); // randomShare 1, but 50 per interval
    expect(stats.droppedTraces).toBe(4 * 250);
    // 5 of each kept trace's 10 calls past maxSpansPerTrace, plus the spans of dropped trace batches
    expect(stats.droppedSpans).toBeGreaterThan(4 * 50 * 5);
    expect(stats.droppedTraceBatches).toBeGreaterThan(0);
    expect(stats.droppedBatches).toBeGreaterThan(0);
    expect(stats.exportedTraceBatches).toBe(0);
  });
});
