/**
 * Agent memory benchmark (issue 3 target: ≤ 30 MB extra RSS with 1,000 routes × 50 statements). The same Express app
 * (bench/agent-memory-process.mjs) runs twice at once, each in a fresh `node --expose-gc` process: without
 * instrumentation, and with the Stride agent (`instrument: { pg }`, tracing on, flushing every second to a local OTLP
 * sink that answers 200). Both get the very same requests at the same time — every route in turn, each request
 * running two of the 50 statements through a real pg Pool on the machine's PostgreSQL — so a busy machine slows both
 * alike, and both report their memory after a full GC (idle, and after the load) plus their peak RSS.
 * `npx tsx bench/agent-memory.ts [--source]` prints the table; it stops by itself within ~2 minutes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface AgentMemoryRow {
  variant: 'no agent' | 'Stride agent';
  requests: number;
  /** Requests per second the load achieved. */
  requestRate: number;
  /** MiB after a full GC, after warm-up (every route once) and before the load. */
  idleRssMiB: number;
  /** MiB after a full GC once the load stopped (and, with the agent, the last interval was flushed). */
  rssAfterGcMiB: number;
  /** VmHWM over the whole run (start-up included), MiB. */
  peakRssMiB: number;
  /** Highest VmRSS sampled every 50 ms during the load and the flushes after it, MiB. */
  loadPeakRssMiB: number;
  /** V8 heap used after the final GC, MiB. */
  heapUsedMiB: number;
  /** Buffers and ArrayBuffers after the final GC, MiB. */
  arrayBuffersMiB: number;
  /** Highest V8 heap reserved (heapTotal: young and old generation) and used, sampled every 50 ms under load, MiB. */
  loadPeakHeapTotalMiB: number;
  loadPeakHeapUsedMiB: number;
  /** Highest external memory (ArrayBuffers, zlib and other native allocations V8 knows of) under load, MiB. */
  loadPeakExternalMiB: number;
  /** OTLP requests the sink received (metrics + traces) and their bytes. */
  exportRequests: number;
  exportBytes: number;
}

export interface AgentMemoryBenchOptions {
  routes?: number;
  statements?: number;
  flushIntervalMillis?: number;
  /** How long the load runs (both variants at once); at least a few flush intervals. */
  loadMillis?: number;
  /** Requests in flight per variant. */
  concurrency?: number;
  databaseUrl?: string;
  /**
   * The agent's entry file; by default `@stride/agent`, i.e. agents/dist (what users run: `npm run build` first).
   * agents/src/index.ts measures unbuilt changes through tsx, at ~5 MiB more RSS for transpiled code and source maps.
   */
  agentEntry?: string;
  /** Hard stop for the whole run: children are killed and the promise rejects. */
  deadlineMillis?: number;
}

export class AgentMemoryBenchError extends Error {
  override readonly name = 'AgentMemoryBenchError';
}

const ENTRY = fileURLToPath(new URL('./agent-memory-process.mjs', import.meta.url));

/** What a variant's process answers to `measure`. */
interface MemoryReport {
  type: 'memory';
  /** All MiB: resident set after a full GC, its peak so far (VmHWM), V8 heap used, Buffers/ArrayBuffers. */
  rssMiB: number;
  peakRssMiB: number;
  heapUsedMiB: number;
  arrayBuffersMiB: number;
  /** Peaks of process.memoryUsage() since the `sample` message (see agent-memory-process.mjs). */
  peakHeapTotalMiB: number;
  peakHeapUsedMiB: number;
  peakExternalMiB: number;
}
const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

export async function runAgentMemoryBench(options: AgentMemoryBenchOptions = {}): Promise<AgentMemoryRow[]> {
  const {
    routes = 1000,
    flushIntervalMillis = 1000,
    loadMillis = 40_000,
    concurrency = 16,
    deadlineMillis = 115_000,
  } = options;
  const children = new Set<ChildProcess>();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      for (const child of children) child.kill('SIGKILL');
      reject(new AgentMemoryBenchError(`agent memory bench did not finish within ${deadlineMillis} ms`));
    }, deadlineMillis);
  });
  const sink = await startOtlpSink();
  const run = async (): Promise<AgentMemoryRow[]> => {
    // Both variants run at once and get the very same requests, so a busy machine slows both alike.
    const variants = VARIANTS.map((variant) => ({ variant, child: spawnVariant(variant, options, sink.url) }));
    for (const { child } of variants) children.add(child);
    const ready = await Promise.all(variants.map(({ child }) => nextMessage<ReadyMessage>(child, 'ready')));
    const targets = ready.map(({ url }) => url);
    const client = new http.Agent({ keepAlive: true, maxSockets: 2 * concurrency });
    // Warm-up: every route once, so the idle figure includes compiled handlers and the pool's connections.
    await drive(targets, client, routes, concurrency, (issued) => issued >= routes);
    const idle = await Promise.all(variants.map(({ child }) => measure(child)));
    const before = sink.totals();
    const samplers = variants.map(({ child }) => sampleRss(child.pid!));
    for (const { child } of variants) child.send({ type: 'sample' });
    const started = performance.now();
    const requests = await drive(targets, client, routes, concurrency, () => performance.now() - started >= loadMillis);
    const seconds = (performance.now() - started) / 1000;
    client.destroy();
    // Two more intervals: the last load interval is collected and exported before the final measurement.
    await sleep(2 * flushIntervalMillis + 200);
    const loadPeaks = samplers.map((sampler) => sampler.stop());
    const end = await Promise.all(variants.map(({ child }) => measure(child)));
    const exported = { requests: sink.totals().requests - before.requests, bytes: sink.totals().bytes - before.bytes };
    return variants.map(({ variant }, i) => ({
      variant,
      requests,
      requestRate: requests / seconds,
      idleRssMiB: idle[i]!.rssMiB,
      rssAfterGcMiB: end[i]!.rssMiB,
      peakRssMiB: end[i]!.peakRssMiB,
      loadPeakRssMiB: loadPeaks[i]!,
      heapUsedMiB: end[i]!.heapUsedMiB,
      arrayBuffersMiB: end[i]!.arrayBuffersMiB,
      loadPeakHeapTotalMiB: end[i]!.peakHeapTotalMiB,
      loadPeakHeapUsedMiB: end[i]!.peakHeapUsedMiB,
      loadPeakExternalMiB: end[i]!.peakExternalMiB,
      exportRequests: variant === 'Stride agent' ? exported.requests : 0,
      exportBytes: variant === 'Stride agent' ? exported.bytes : 0,
    }));
  };
  try {
    return await Promise.race([run(), deadline]);
  } finally {
    clearTimeout(timer);
    await Promise.all([...children].map(stop));
    await sink.close();
  }
}

const VARIANTS: ReadonlyArray<AgentMemoryRow['variant']> = ['no agent', 'Stride agent'];

interface ReadyMessage {
  type: 'ready';
  url: string;
}

function spawnVariant(variant: AgentMemoryRow['variant'], options: AgentMemoryBenchOptions, sinkUrl: string) {
  const {
    routes = 1000,
    statements = 50,
    flushIntervalMillis = 1000,
    agentEntry,
    databaseUrl = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test',
  } = options;
  // An agent built to JavaScript runs as users run it; TypeScript sources need tsx, then in both variants alike.
  const loader = agentEntry?.endsWith('.ts') ? ['--import', 'tsx'] : [];
  return spawn(process.execPath, ['--expose-gc', ...loader, ENTRY], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      STRIDE_BENCH_AGENT: variant === 'Stride agent' ? '1' : '0',
      STRIDE_BENCH_SINK_URL: sinkUrl,
      STRIDE_BENCH_DATABASE_URL: databaseUrl,
      STRIDE_BENCH_ROUTES: String(routes),
      STRIDE_BENCH_STATEMENTS: String(statements),
      STRIDE_BENCH_FLUSH_MS: String(flushIntervalMillis),
      ...(agentEntry ? { STRIDE_BENCH_AGENT_ENTRY: agentEntry } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    if (child.connected) child.send({ type: 'stop' });
    await Promise.race([new Promise((resolve) => child.once('exit', resolve)), sleep(5000)]);
  }
  child.kill('SIGKILL');
}

/**
 * Requests round-robin over the routes from `concurrency` keep-alive workers until `stop(issued)`, each one sent
 * to every target at once; returns the requests each target answered.
 */
async function drive(
  targets: readonly string[],
  client: http.Agent,
  routes: number,
  concurrency: number,
  stop: (issued: number) => boolean,
): Promise<number> {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (!stop(next)) {
      const i = next++;
      const path = `/r${i % routes}/items/${i % 997}`;
      const statuses = await Promise.all(targets.map((url) => get(`${url}${path}`, client)));
      const bad = statuses.find((status) => status !== 200);
      if (bad !== undefined) throw new AgentMemoryBenchError(`${path} answered ${bad}`);
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done;
}

function get(url: string, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
        res.once('error', reject);
      })
      .once('error', reject);
  });
}

/** Samples a process's VmRSS every 50 ms; stop() returns the highest, MiB. */
function sampleRss(pid: number): { stop(): number } {
  let peakKiB = 0;
  const read = () => {
    const kib = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    if (kib > peakKiB) peakKiB = kib;
  };
  const timer = setInterval(read, 50);
  return {
    stop() {
      clearInterval(timer);
      read();
      return peakKiB / 1024;
    },
  };
}

async function measure(child: ChildProcess): Promise<MemoryReport> {
  child.send({ type: 'measure' });
  return nextMessage<MemoryReport>(child, 'memory');
}

function nextMessage<T extends { type: string }>(child: ChildProcess, type: T['type']): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: T) => {
      if (message?.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message);
    };
    const onExit = (code: number | null) => {
      child.off('message', onMessage);
      reject(new AgentMemoryBenchError(`benchmark process exited (${code}) while waiting for '${type}'`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

interface OtlpSink {
  url: string;
  totals(): { requests: number; bytes: number };
  close(): Promise<void>;
}

/** Accepts any OTLP/HTTP POST: drains the body, answers 200 with an empty protobuf response, counts bytes. */
async function startOtlpSink(): Promise<OtlpSink> {
  const totals = { requests: 0, bytes: 0 };
  const server = http.createServer((req, res) => {
    totals.requests++;
    req.on('data', (chunk: Buffer) => {
      totals.bytes += chunk.length;
    });
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    totals: () => ({ ...totals }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const mib = (n: number) => n.toFixed(1);
const signed = (n: number) => `${n >= 0 ? '+' : '−'}${Math.abs(n).toFixed(1)}`;

/** The rows as the markdown table docs/benchmarks.md keeps, with an `agent − baseline` row. */
export function formatAgentMemoryTable(rows: readonly AgentMemoryRow[]): string {
  const lines = [
    '| variant | requests | req/s | idle RSS MiB | RSS after GC MiB | peak RSS under load MiB | peak RSS (VmHWM) MiB | peak heap total / used MiB | peak external MiB | heap used MiB | buffers MiB | OTLP requests | OTLP KiB |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.variant} | ${r.requests.toLocaleString('en')} | ${Math.round(r.requestRate).toLocaleString('en')} | ` +
        `${mib(r.idleRssMiB)} | ${mib(r.rssAfterGcMiB)} | ${mib(r.loadPeakRssMiB)} | ${mib(r.peakRssMiB)} | ` +
        `${mib(r.loadPeakHeapTotalMiB)} / ${mib(r.loadPeakHeapUsedMiB)} | ${mib(r.loadPeakExternalMiB)} | ${mib(r.heapUsedMiB)} | ` +
        `${mib(r.arrayBuffersMiB)} | ${r.exportRequests} | ${Math.round(r.exportBytes / 1024).toLocaleString('en')} |`,
    );
  }
  const base = rows.find((r) => r.variant === 'no agent');
  const agent = rows.find((r) => r.variant === 'Stride agent');
  if (base && agent) {
    lines.push(
      `| **agent − baseline** | | | ${signed(agent.idleRssMiB - base.idleRssMiB)} | ` +
        `**${signed(agent.rssAfterGcMiB - base.rssAfterGcMiB)}** | **${signed(agent.loadPeakRssMiB - base.loadPeakRssMiB)}** | ` +
        `${signed(agent.peakRssMiB - base.peakRssMiB)} | ` +
        `${signed(agent.loadPeakHeapTotalMiB - base.loadPeakHeapTotalMiB)} / ` +
        `${signed(agent.loadPeakHeapUsedMiB - base.loadPeakHeapUsedMiB)} | ` +
        `${signed(agent.loadPeakExternalMiB - base.loadPeakExternalMiB)} | ` +
        `${signed(agent.heapUsedMiB - base.heapUsedMiB)} | ${signed(agent.arrayBuffersMiB - base.arrayBuffersMiB)} | | |`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  // --source: agents/src through tsx; --agent <file>: any build of the agent (e.g. an older one, to compare).
  const at = process.argv.indexOf('--agent');
  const agentEntry = process.argv.includes('--source')
    ? fileURLToPath(new URL('../agents/src/index.ts', import.meta.url))
    : at > 0
      ? path.resolve(process.argv[at + 1]!)
      : undefined;
  const rows = await runAgentMemoryBench({ agentEntry });
  console.log(`Agent: ${agentEntry ?? '@stride/agent (agents/dist)'}.\n`);
  console.log(formatAgentMemoryTable(rows));
  console.log(`\n(${((performance.now() - started) / 1000).toFixed(0)} s)`);
}
