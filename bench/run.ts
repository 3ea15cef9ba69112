// `npm run bench`: every benchmark side by side in one run, printed as the markdown that docs/benchmarks.md
// keeps. Ratios hold on a noisy machine; absolute times do not — the machine is printed with them.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { seedDashboardData } from '../performance/src/testing/dashboard-seed.js';
import { formatAccuracyTable, runAccuracyBench } from './accuracy.js';
import { formatAgentMemoryTable, runAgentMemoryBench } from './agent-memory.js';
import {
  DEFAULT_DIST_DIR,
  formatInitialJs,
  formatLighthouse,
  initialJavaScript,
  LIGHTHOUSE_TARGET,
  lighthouseRuns,
} from './dashboard-budget.js';
import { formatHistogramOpsTable, runHistogramOpsBench } from './histogram-ops.js';
import { buildBody, postAll, type SeriesShape, seriesCount } from './otlp-load.js';
import { formatOverheadTable } from './overhead/format-overhead.js';
import { runOverheadBench } from './overhead/overhead-bench.js';
import { prepareQueryData } from './query-seed.js';
import { startService } from './service-process.js';

const ADMIN = 'bench-admin-token-0123456789';
// `npm run bench -- accuracy query` runs only the named sections; no names runs them all.
const SECTIONS = ['accuracy', 'histogram', 'ingest', 'query', 'overhead', 'memory', 'dashboard'] as const;
const only = process.argv.slice(2);
const unknown = only.filter((name) => !(SECTIONS as readonly string[]).includes(name));
if (unknown.length > 0) {
  console.error(`bench: unknown section ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}`);
  process.exit(2);
}
const wanted = (section: (typeof SECTIONS)[number]) => only.length === 0 || only.includes(section);
const out: string[] = [];
const print = (line = '') => {
  out.push(line);
  console.log(line);
};

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

/** The first request (cold: nothing cached) and p50/p95/max of the next `runs` (warm). */
/**
 * CPU time of the service's main thread so far, ms (/proc/<pid>/schedstat, ns): the query's own cost, which the
 * loaded shared machine inflates far less than wall time.
 */
const mainThreadCpuMs = (pid: number) => Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;

/** The first request (cold: nothing cached) and p50/p95/max of the next `runs` (warm); with `pid`, the service CPU too. */
async function timeRequests(url: string, pathAndQuery: string, runs: number, pid?: number) {
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const started = performance.now();
    const cpuBefore = pid === undefined ? 0 : mainThreadCpuMs(pid);
    const res = await fetch(`${url}${pathAndQuery}`, { headers: { authorization: `Bearer ${ADMIN}` } });
    await res.text();
    if (res.status !== 200) throw new Error(`${pathAndQuery} answered ${res.status}`);
    times.push(performance.now() - started);
    cpu.push(pid === undefined ? 0 : mainThreadCpuMs(pid) - cpuBefore);
  }
  const cold = times.shift()!;
  const coldCpu = cpu.shift()!;
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return {
    cold,
    p50: quantile(times, 0.5),
    p95: quantile(times, 0.95),
    max: times.at(-1)!,
    coldCpu,
    p50Cpu: cpu.length > 0 ? quantile(cpu, 0.5) : 0,
  };
}

async function ingestBench(dataRoot: string) {
  print('## Ingest throughput (OTLP/HTTP → SQLite)');
  print();
  print('The built service in its own process; 4 concurrent keep-alive clients; 600 requests, each carrying one');
  print('exponential-histogram point for each of 1,000 series (40 observations each), timestamps over the last');
  print('10 minutes, so most points merge into existing 1 min and 1 h buckets as live traffic does. Service CPU is');
  print("the service process's CPU time per point (all threads; in brackets its event-loop thread alone), which a");
  print('busy machine inflates far less than wall-clock throughput.');
  print();
  print(`Load average at start: ${loadavg()[0]!.toFixed(2)}.`);
  print();
  print('| encoding | requests | points | seconds | points/s | service CPU µs/point (main) | service peak RSS |');
  print('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  const shape: SeriesShape = { service: 'ingest-bench', routes: 250 };
  // Long enough (several seconds) that the deferred work (1 min / 1 h merges, writer-thread commits) is measured.
  const requests = 600;
  const variants = [
    { name: 'protobuf', encoding: 'protobuf' as const, gzip: false },
    { name: 'protobuf + gzip', encoding: 'protobuf' as const, gzip: true },
    { name: 'JSON', encoding: 'json' as const, gzip: false },
  ];
  for (const [i, v] of variants.entries()) {
    const service = await startService({
      dataDir: path.join(dataRoot, `ingest-${i}`),
      port: 44_318 + i,
      adminToken: ADMIN,
    });
    try {
      const now = Date.now();
      // 60 distinct bodies (one per 10 s over the last 10 minutes), posted in turn.
      const distinct = Array.from({ length: 60 }, (_, k) =>
        buildBody(shape, now - 600_000 + k * 10_000, v.encoding, v.gzip),
      );
      const bodies = Array.from({ length: requests }, (_, k) => distinct[k % distinct.length]!);
      const points = requests * seriesCount(shape);
      const cpuBefore = service.cpuSeconds();
      const ms = await postAll(service.url, bodies, { encoding: v.encoding, gzip: v.gzip });
      const cpuAfter = service.cpuSeconds();
      const perPoint = (s: number) => ((s * 1e6) / points).toFixed(1);
      const cpu = `${perPoint(cpuAfter.total - cpuBefore.total)} (${perPoint(cpuAfter.main - cpuBefore.main)})`;
      print(
        `| ${v.name} | ${requests} | ${points.toLocaleString('en')} | ${(ms / 1000).toFixed(2)} | ${Math.round(points / (ms / 1000)).toLocaleString('en')} | ${cpu} | ${service.peakRssMiB().toFixed(0)} MiB |`,
      );
    } finally {
      await service.stop();
    }
  }
  print();
}

async function queryBench(dataRoot: string) {
  print('## Query latency: 24 h route table, 1,000 series × 7 days');
  print();
  const shape: SeriesShape = { service: 'shop', routes: 250 };
  // Side by side: the service as it answers the first query of a range with nothing merged ahead, and as it runs by
  // default, with the closed hours of the last 24 h and 7 d merged each hour (STRIDE_WARM_WINDOWS).
  const variants: { name: string; env: Record<string, string> }[] = [
    { name: 'window warm-up off', env: { STRIDE_WARM_WINDOWS: 'off' } },
    { name: 'window warm-up on (default: 24h,7d)', env: {} },
  ];
  for (const [i, variant] of variants.entries()) {
    const dataDir = path.join(dataRoot, `query-${i}`);
    const seed = await prepareQueryData({ shape, dataDir, cacheRoot: 'bench/.cache', port: 44_331, adminToken: ADMIN });
    if (i === 0) {
      print(
        `Seeded ${seed.points.toLocaleString('en')} points (${seed.series} series) through OTLP in ${seed.seedS.toFixed(1)} s ` +
          `(${Math.round(seed.points / seed.seedS).toLocaleString('en')} points/s, including protobuf encoding in the client)` +
          (seed.fromCache
            ? ` on ${seed.seededAt}; this run used a copy from bench/.cache moved ${seed.shiftedHours} h forward.`
            : '.') +
          ` Rollup blocks built before the service started: ${seed.blocksS.toFixed(1)} s.`,
      );
      print();
    }
    await queryTable(variant.name, dataDir, variant.env);
  }
  print('Times are end to end over HTTP (auth, query, JSON), measured by a client in another process; service CPU is');
  print("the service main thread's CPU time per request (/proc/<pid>/schedstat), which the shared machine's load");
  print(`inflates far less than wall time. Load average at the end: ${loadavg()[0]!.toFixed(2)}.`);
  print();
}

/**
 * The query table of one service process over the seeded data (7 days at one point per series every 10 minutes, plus
 * the last hour at 10 s so the range edges read the fine tiers too: see query-seed.ts).
 */
async function queryTable(name: string, dataDir: string, env: Record<string, string>) {
  const service = await startService({ dataDir, port: 44_330, adminToken: ADMIN, env });
  try {
    const now = Date.now();
    // A fresh process: its first query also pays for JIT compilation and an empty SQLite page cache. Warm the
    // process with a range no measured query touches (a day, 5 days ago), so "cold" below is the first query of a
    // range in a running service, as a dashboard sees it. The warm-up (when on) has run by then: it starts with the
    // service and takes well under a second here.
    const dayMs = 86_400_000;
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const warmup = await timeRequests(
      service.url,
      `/api/v1/services/shop/routes?from=${now - 5 * dayMs}&to=${now - 4 * dayMs}`,
      0,
    );
    print(`### ${name}`);
    print();
    print(`First query after the service started (route table, a day 5 days ago): ${warmup.cold.toFixed(1)} ms.`);
    print();
    print(
      '| query | cold ms | warm p50 ms | warm p95 ms | warm max ms | service CPU cold ms | service CPU warm p50 ms |',
    );
    print('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    const hour = 3_600_000;
    const lastFullHour = Math.floor(now / hour) * hour;
    const queries = [
      [
        'route table, 24 full hours (hour-aligned)',
        `/api/v1/services/shop/routes?from=${lastFullHour - 24 * hour}&to=${lastFullHour}`,
      ],
      ['route table, sliding now-24h..now', '/api/v1/services/shop/routes?from=now-24h&to=now'],
      ['route table, last 7 d', '/api/v1/services/shop/routes?from=now-7d&to=now'],
      ['services, last 24 h', '/api/v1/services?from=now-24h&to=now'],
      [
        'p95 timeseries, 24 h, all routes',
        '/api/v1/timeseries?service=shop&metric=latency&quantile=0.95&from=now-24h&to=now',
      ],
    ];
    for (const [label, q] of queries) {
      const r = await timeRequests(service.url, q!, 30, service.pid);
      print(
        `| ${label} | ${r.cold.toFixed(1)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(1)} | ${r.coldCpu.toFixed(1)} | ${r.p50Cpu.toFixed(1)} |`,
      );
    }
    print();
  } finally {
    await service.stop();
  }
}

async function dashboardBench(dataRoot: string) {
  print('## Dashboard: initial JavaScript and Lighthouse');
  print();
  const distDir = process.env['STRIDE_DASHBOARD_DIR'] || DEFAULT_DIST_DIR;
  print('Scripts index.html loads before the first render (entry + modulepreload), gzip level 6 as served:');
  print();
  for (const line of formatInitialJs(initialJavaScript(distDir))) print(line);
  print();
  const service = await startService({ dataDir: path.join(dataRoot, 'dashboard'), port: 44_340, adminToken: ADMIN });
  try {
    await seedDashboardData({ url: service.url, adminToken: ADMIN });
    const runs = await lighthouseRuns({
      url: `${service.url}/`,
      session: { token: ADMIN, name: 'admin', role: 'admin' },
    });
    print(`The overview of the built service with 3 seeded services, signed in (target ≥ ${LIGHTHOUSE_TARGET}):`);
    print();
    for (const line of formatLighthouse(runs)) print(line);
    print();
  } finally {
    await service.stop();
  }
}

async function main() {
  const dataRoot = mkdtempSync(path.join(tmpdir(), 'stride-bench-'));
  try {
    print(`# Benchmark run ${new Date().toISOString()}`);
    print();
    print(
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.`,
    );
    print();
    if (wanted('accuracy')) {
      print('## Percentile accuracy (1,000,000 samples per distribution, seeded)');
      print();
      print(formatAccuracyTable(runAccuracyBench()));
      print();
    }
    if (wanted('histogram')) {
      print('## Histogram operations (CPU time per operation)');
      print();
      print(formatHistogramOpsTable(runHistogramOpsBench()));
      print();
    }
    if (wanted('ingest')) await ingestBench(dataRoot);
    if (wanted('query')) await queryBench(dataRoot);
    if (wanted('overhead')) {
      // Route A on the machine's PostgreSQL when STRIDE_BENCH_POSTGRES_URL is set, else on embedded PGlite.
      print(formatOverheadTable(await runOverheadBench({ postgresUrl: process.env['STRIDE_BENCH_POSTGRES_URL'] })));
      print();
    }
    if (wanted('dashboard')) await dashboardBench(dataRoot);
    if (wanted('memory')) {
      print(formatAgentMemoryTable(await runAgentMemoryBench()));
      print();
    }
  } finally {
    rmSync(dataRoot, { recursive: true, force: true });
  }
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/latest.md', `${out.join('\n')}\n`);
}

await main();
