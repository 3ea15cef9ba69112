/**
 * Same-machine micro benchmark of the agent's per-request CPU cost: an Express 5 app serving a 50-item JSON route
 * (behind express.json() and a router mounted at /api, like a real service), driven by in-process keep-alive
 * requests over 127.0.0.1. Each variant runs in its own child process (the agent patches the Router's Layer
 * prototype, so "without" must never share a process with "with"); runs alternate none/agent so a busy shared
 * machine skews both alike. Reported: CPU µs per request (user+system of the whole process, client included —
 * the client's share is the same in both, so the difference is the agent), median over runs.
 *
 * Usage: npx tsx bench/agent-hot-path.ts [--runs 5] [--requests 20000] [--tracing true|false] [--agent-src DIR]
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { startAgent as currentStartAgent } from '../agents/src/index.js';

type Variant = 'none' | 'agent';
const CONCURRENCY = 8;
const EPOCH_MS = Date.parse('2025-01-01T00:00:00Z');

function argOf(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

function itemsHandler(_req: express.Request, res: express.Response): void {
  const items = Array.from({ length: 50 }, (_, i) => ({
    id: i + 1,
    sku: `SKU-${String(i + 1).padStart(5, '0')}`,
    name: `Item ${i + 1}`,
    priceCents: 999 + i * 150,
    currency: 'EUR',
    inStock: i % 7 !== 0,
    tags: ['bench', i % 2 === 0 ? 'even' : 'odd'],
    updatedAt: new Date(EPOCH_MS + i * 60_000).toISOString(),
  }));
  res.json({ items, count: items.length });
}

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Drives `total` GETs with CONCURRENCY keep-alive connections; resolves when all answered 200. */
async function drive(port: number, path: string, total: number): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let sent = 0;
  const one = (): Promise<void> =>
    new Promise((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path, agent }, (res) => {
          if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
          res.resume();
          res.on('end', resolve);
        })
        .on('error', reject);
    });
  const worker = async () => {
    while (sent < total) {
      sent++;
      await one();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
}

async function child(variant: Variant, requests: number, tracing: boolean): Promise<void> {
  // Discards exports, so flushes cost what they cost in production minus the network.
  const sink = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
  });
  const sinkPort = await listen(sink);
  // --agent-src DIR: also run another copy of agents/src (e.g. the previous version) in the same rotation.
  const agentSrc = argOf('agent-src', '');
  const startAgent: typeof currentStartAgent = agentSrc
    ? ((await import(`${agentSrc}/index.ts`)) as { startAgent: typeof currentStartAgent }).startAgent
    : currentStartAgent;
  const agent =
    variant === 'agent'
      ? startAgent({
          serviceName: 'hot-path',
          endpoint: `http://127.0.0.1:${sinkPort}`,
          flushIntervalMillis: 5_000,
          tracing,
        })
      : undefined;
  const app = express();
  if (agent) app.use(agent.express());
  app.use(express.json());
  const api = express.Router();
  api.get('/items', itemsHandler);
  app.use('/api', api);
  const server = http.createServer({ keepAliveTimeout: 60_000 }, app);
  const port = await listen(server);

  await drive(port, '/api/items', Math.min(5_000, requests)); // warm-up: JIT, patched layers, series created
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await drive(port, '/api/items', requests);
  const cpu = process.cpuUsage(cpu0);
  const wallNs = Number(process.hrtime.bigint() - t0);
  process.stdout.write(
    `${JSON.stringify({ variant, cpuUsPerRequest: (cpu.user + cpu.system) / requests, wallUsPerRequest: wallNs / 1000 / requests })}\n`,
  );
  await agent?.shutdown();
  server.close();
  sink.close();
  server.closeAllConnections();
}

function runChild(variant: Variant, requests: number, tracing: boolean, agentSrc = ''): Promise<number> {
  return new Promise((resolve, reject) => {
    const script = fileURLToPath(import.meta.url);
    const proc = spawn(
      process.execPath,
      [
        ...process.execArgv,
        script,
        ...['--child', variant, '--requests', String(requests), '--tracing', String(tracing)],
        ...['--agent-src', agentSrc],
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    proc.on('error', reject);
    proc.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`child ${variant} exited ${code}: ${out}`));
      resolve((JSON.parse(line) as { cpuUsPerRequest: number }).cpuUsPerRequest);
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  const requests = Number(argOf('requests', '20000'));
  const tracing = argOf('tracing', 'true') !== 'false';
  const childVariant = argOf('child', '');
  if (childVariant) return child(childVariant as Variant, requests, tracing);

  const runs = Number(argOf('runs', '5'));
  const none: number[] = [];
  const agent: number[] = [];
  const other: number[] = [];
  const otherSrc = argOf('agent-src', '');
  for (let i = 0; i < runs; i++) {
    none.push(await runChild('none', requests, tracing));
    agent.push(await runChild('agent', requests, tracing));
    if (otherSrc) other.push(await runChild('agent', requests, tracing, otherSrc));
    const otherText = otherSrc ? `, agent from ${otherSrc} ${other.at(-1)!.toFixed(1)} µs` : '';
    console.log(`run ${i + 1}: none ${none.at(-1)!.toFixed(1)} µs, agent ${agent.at(-1)!.toFixed(1)} µs${otherText}`);
  }
  if (otherSrc) console.log(`agent from ${otherSrc}: median ${median(other).toFixed(1)} µs`);
  const n = median(none);
  const a = median(agent);
  console.log(
    `CPU µs/request (median of ${runs}, tracing ${tracing}): none ${n.toFixed(1)}, agent ${a.toFixed(1)}, ` +
      `overhead ${(a - n).toFixed(1)} µs (+${(((a - n) / n) * 100).toFixed(1)} %)`,
  );
}

await main();
