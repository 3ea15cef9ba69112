// Entry of one agent-memory variant's process, spawned by agent-memory.ts as `node --expose-gc` (plain JavaScript,
// so the agent's dist runs as users run it; a loader such as tsx would rewrite it): an Express app with ROUTES
// routes whose handlers run STATEMENTS distinct SQL statements through a real pg Pool, with or without the Stride
// agent. It answers the parent's `measure` messages with its own memory after a full GC (a MemoryReport).
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import express from 'express';
import pg from 'pg';

const {
  STRIDE_BENCH_AGENT: withAgent,
  STRIDE_BENCH_SINK_URL: sinkUrl,
  STRIDE_BENCH_DATABASE_URL: databaseUrl,
  STRIDE_BENCH_ROUTES: routesText = '1000',
  STRIDE_BENCH_STATEMENTS: statementsText = '50',
  STRIDE_BENCH_FLUSH_MS: flushText = '1000',
  STRIDE_BENCH_AGENT_ENTRY: agentEntry,
} = process.env;
const gc = globalThis.gc;
if (!sinkUrl || !databaseUrl || !process.send || !gc) {
  console.error('agent-memory-process: needs STRIDE_BENCH_SINK_URL, STRIDE_BENCH_DATABASE_URL, IPC and --expose-gc');
  process.exit(2);
}

const routes = Number(routesText);
const statementCount = Number(statementsText);
// Distinct texts, so 50 fingerprints: `SELECT $1::int + 7 AS id, 'r7' AS name`.
const statements = Array.from({ length: statementCount }, (_, n) => `SELECT $1::int + ${n} AS id, 'r${n}' AS name`);

const agent = withAgent === '1' ? await startStride() : undefined;
// STRIDE_BENCH_HEAP_PROFILE=<file.heapprofile>: the agent process samples, while under load, the allocations that
// survived the young generation and died in a major GC — the promoted garbage that makes the RSS peak — and writes
// the profile there at the end of the load (open it in Chrome DevTools' Memory tab, or walk its `head` tree).
const heapProfile = agent && process.env.STRIDE_BENCH_HEAP_PROFILE ? await startHeapProfile() : undefined;
const pool = new pg.Pool({ connectionString: databaseUrl, max: 8, idleTimeoutMillis: 30_000 });
const app = express();
if (agent) app.use(agent.express());
// Route i runs two of the statements (i mod 50, and a second one 7 further on), the second fed by the first's id,
// so every route has its own series and every statement appears under many routes.
for (let i = 0; i < routes; i++) {
  const first = statements[i % statementCount];
  const second = statements[(i + 7) % statementCount];
  app.get(`/r${i}/items/:id`, async (req, res, next) => {
    try {
      const a = await pool.query(first, [Number(req.params.id)]);
      const b = await pool.query(second, [a.rows[0].id]);
      res.json({ route: i, id: b.rows[0].id, name: b.rows[0].name });
    } catch (err) {
      next(err);
    }
  });
}
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
server.keepAliveTimeout = 60_000;

async function startStride() {
  const { startAgent } = await import(agentEntry ? pathToFileURL(agentEntry).href : '@stride/agent');
  return startAgent({
    serviceName: 'agent-memory-bench',
    endpoint: sinkUrl,
    flushIntervalMillis: Number(flushText),
    instrument: { pg },
    // STRIDE_BENCH_TRACING=false measures the metrics alone (to see what tracing adds).
    tracing: process.env.STRIDE_BENCH_TRACING !== 'false',
  });
}

async function startHeapProfile() {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  let sampling;
  return {
    start() {
      sampling ??= session.post('HeapProfiler.startSampling', {
        samplingInterval: 4096,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: false,
      });
    },
    async stop() {
      if (!sampling) return;
      await sampling;
      sampling = undefined;
      const { profile } = await session.post('HeapProfiler.stopSampling');
      writeFileSync(process.env.STRIDE_BENCH_HEAP_PROFILE, JSON.stringify(profile));
    },
  };
}

function statusMiB(field) {
  const kib = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
  return kib / 1024;
}

// Peaks of process.memoryUsage() sampled every 50 ms from the parent's `sample` message on: which part of memory
// (V8 heap, or external memory such as ArrayBuffers and zlib state) makes the RSS peak under load.
const peaks = { heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
let sampler;
function samplePeaks() {
  const usage = process.memoryUsage();
  for (const key of Object.keys(peaks)) peaks[key] = Math.max(peaks[key], usage[key]);
}

async function measure() {
  await heapProfile?.stop();
  // Several passes with turns of the event loop between them, so weak refs and finalizers settle too.
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const usage = process.memoryUsage();
  const mib = (bytes) => bytes / 2 ** 20;
  return {
    type: 'memory',
    rssMiB: mib(usage.rss),
    peakRssMiB: statusMiB('VmHWM'),
    heapUsedMiB: mib(usage.heapUsed),
    arrayBuffersMiB: mib(usage.arrayBuffers),
    peakHeapTotalMiB: mib(peaks.heapTotal),
    peakHeapUsedMiB: mib(peaks.heapUsed),
    peakExternalMiB: mib(peaks.external),
    ...(agent ? { agentStats: { ...agent.stats() } } : {}),
  };
}

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  server.closeAllConnections();
  server.close();
  await agent?.shutdown();
  await pool.end();
  process.exit(0);
};
process.on('message', (message) => {
  if (message.type === 'measure') {
    clearInterval(sampler);
    void measure().then((report) => process.send(report));
  }
  if (message.type === 'sample') {
    sampler = setInterval(samplePeaks, 50);
    heapProfile?.start();
  }
  if (message.type === 'stop') void stop();
});
process.once('SIGTERM', () => void stop());
process.once('disconnect', () => void stop());
process.send({ type: 'ready', url: `http://127.0.0.1:${server.address().port}` });
