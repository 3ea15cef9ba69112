// Agent-overhead benchmark: the same app under the same closed-loop load, once per instrumentation variant, each in
// its own process, interleaved over several rounds (round r starts at the r-th variant, so none is always first or
// last while the shared machine's load drifts). Each (variant, route) reports its median round by throughput.
import { loadavg } from 'node:os';
import { type BenchChild, startBenchChild } from './child-process.js';
import { type DiscardSink, type SinkCounts, startDiscardSink } from './discard-sink.js';
import { ITEMS_PATH } from './items-route.js';
import { type LoadResult, runLoad } from './load.js';
import { VARIANT_NAMES, VARIANTS, type VariantName } from './variants.js';

export const ROUTES = {
  productDetail: {
    label: 'A: GET /products/:id (commerce, 3 pg queries)',
    pathFor: (products: number) => (i: number) => `/products/${(i % products) + 1}`,
  },
  items: { label: 'B: GET /bench/items (50-item JSON)', pathFor: () => () => ITEMS_PATH },
} as const;

export type RouteName = keyof typeof ROUTES;

export interface OverheadRow {
  variant: VariantName;
  variantLabel: string;
  route: RouteName;
  routeLabel: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Throughput lost against `none` on the same route: 1 - rps / rps(none), in percent (negative = faster). */
  overheadPercent: number;
  /** The variant process's VmRSS right after this route's run, MiB. */
  rssMiB: number;
  /** Bytes the sink received during this route's run, KiB/s (0 for pull-based Prometheus). */
  exportedKiBPerSecond: number;
  failures: number;
  /** Throughput of every round, in round order, to show the spread. */
  roundsRequestsPerSecond: number[];
  /** 1-minute load average of the machine when the median round started. */
  loadAverage1m: number;
  connections: number;
  durationSeconds: number;
  /** Where route A's queries went: 'PGlite' (embedded, one session) or 'PostgreSQL'. */
  database: string;
}

export interface OverheadBenchOptions {
  variants?: readonly VariantName[];
  rounds?: number;
  warmupSeconds?: number;
  durationSeconds?: number;
  connections?: number;
  /** Commerce seed scale of the shared database (0.01 = 100 products). */
  seedScale?: number;
  /** Run route A on this PostgreSQL (in a private schema) instead of an embedded PGlite. */
  postgresUrl?: string | undefined;
  log?: (line: string) => void;
}

type Measurement = LoadResult & { rssMiB: number; exportedKiBPerSecond: number; loadAverage1m: number };

export async function runOverheadBench({
  variants = VARIANT_NAMES,
  rounds = 3,
  warmupSeconds = 2,
  durationSeconds = 6,
  connections = 16,
  seedScale = 0.01,
  postgresUrl,
  log = (line) => console.error(line),
}: OverheadBenchOptions = {}): Promise<OverheadRow[]> {
  if (!variants.includes('none')) throw new RangeError("variants must include 'none', the baseline");
  const database = await startBenchChild({
    entry: 'database-process.ts',
    env: {
      STRIDE_BENCH_SEED_SCALE: String(seedScale),
      ...(postgresUrl ? { STRIDE_BENCH_POSTGRES_URL: postgresUrl } : {}),
    },
  });
  const sink = await startDiscardSink();
  const measurements = new Map<string, Measurement[]>();
  try {
    const products = database.ready['products'] as number;
    for (let round = 0; round < rounds; round++) {
      const order = variants.map((_, i) => variants[(i + round) % variants.length]!);
      for (const variant of order) {
        const countsBefore = sink.counts();
        const target = await startBenchChild({
          entry: 'target-process.ts',
          env: {
            ...VARIANTS[variant].env,
            STRIDE_BENCH_VARIANT: variant,
            STRIDE_BENCH_DATABASE_URL: String(database.ready['url']),
            STRIDE_BENCH_SINK_URL: sink.url,
          },
        });
        try {
          for (const route of Object.keys(ROUTES) as RouteName[]) {
            const pathFor = ROUTES[route].pathFor(products);
            const measured = await measureRoute(target, sink, { pathFor, connections, warmupSeconds, durationSeconds });
            const key = `${variant} ${route}`;
            measurements.set(key, [...(measurements.get(key) ?? []), measured]);
          }
        } finally {
          await target.stop();
        }
        log(
          `overhead: round ${round + 1}/${rounds}, ${variant}: exported ${describeExports(countsBefore, sink.counts())}`,
        );
      }
    }
  } finally {
    await sink.close();
    await database.stop();
  }
  const settings = { connections, durationSeconds, database: postgresUrl ? 'PostgreSQL' : 'PGlite' };
  return toRows(measurements, variants, settings);
}

/** What the sink got from one variant's process, e.g. `/v1/traces 12×(340 KiB)`, to show each tracer exported. */
function describeExports(before: Record<string, SinkCounts>, after: Record<string, SinkCounts>): string {
  const parts = Object.entries(after)
    .map(([path, c]) => ({
      path,
      requests: c.requests - (before[path]?.requests ?? 0),
      bytes: c.bytes - (before[path]?.bytes ?? 0),
    }))
    .filter((d) => d.requests > 0)
    .map((d) => `${d.path} ${d.requests}×(${Math.round(d.bytes / 1024)} KiB)`);
  return parts.length > 0 ? parts.join(', ') : 'nothing';
}

async function measureRoute(
  target: BenchChild,
  sink: DiscardSink,
  options: { pathFor: (i: number) => string; connections: number; warmupSeconds: number; durationSeconds: number },
): Promise<Measurement> {
  const url = String(target.ready['url']);
  const { pathFor, connections } = options;
  if (options.warmupSeconds > 0) await runLoad({ url, pathFor, connections, durationSeconds: options.warmupSeconds });
  const loadAverage1m = loadavg()[0]!;
  const bytesBefore = sinkBytes(sink);
  const result = await runLoad({ url, pathFor, connections, durationSeconds: options.durationSeconds });
  const exportedKiBPerSecond = (sinkBytes(sink) - bytesBefore) / 1024 / options.durationSeconds;
  return { ...result, rssMiB: target.rssMiB(), exportedKiBPerSecond, loadAverage1m };
}

const sinkBytes = (sink: DiscardSink) => Object.values(sink.counts()).reduce((sum, c) => sum + c.bytes, 0);

function toRows(
  measurements: Map<string, Measurement[]>,
  variants: readonly VariantName[],
  settings: { connections: number; durationSeconds: number; database: string },
): OverheadRow[] {
  const median = (runs: Measurement[]) =>
    [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor((runs.length - 1) / 2)]!;
  const rows: OverheadRow[] = [];
  for (const route of Object.keys(ROUTES) as RouteName[]) {
    const baseline = median(measurements.get(`none ${route}`)!);
    for (const variant of variants) {
      const runs = measurements.get(`${variant} ${route}`)!;
      const m = median(runs);
      rows.push({
        variant,
        variantLabel: VARIANTS[variant].label,
        route,
        routeLabel: ROUTES[route].label,
        requestsPerSecond: m.requestsPerSecond,
        p50Ms: m.p50Ms,
        p99Ms: m.p99Ms,
        overheadPercent: (1 - m.requestsPerSecond / baseline.requestsPerSecond) * 100,
        rssMiB: m.rssMiB,
        exportedKiBPerSecond: m.exportedKiBPerSecond,
        failures: runs.reduce((sum, r) => sum + r.failures, 0),
        roundsRequestsPerSecond: runs.map((r) => r.requestsPerSecond),
        loadAverage1m: m.loadAverage1m,
        ...settings,
      });
    }
  }
  return rows;
}
