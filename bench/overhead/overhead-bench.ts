// Agent-overhead benchmark: the same app under the same closed-loop load, once per instrumentation variant, each in
// its own process, interleaved over several rounds (round r starts at the r-th variant, so none is always first or
// last while the shared machine's load drifts). Each (variant, route) reports its median round by throughput.
import { loadavg } from 'node:os';
import { type BenchChild, startBenchChild } from './child-process.js';
import { type DiscardSink, type SinkCounts, startDiscardSink } from './discard-sink.js';
import { runLoad } from './load.js';
import { ROUTE_NAMES, ROUTES } from './routes.js';
import { type Measurement, type MeasurementKey, type OverheadRow, summarizeRounds } from './summarize-rounds.js';
import { VARIANT_NAMES, VARIANTS, type VariantName } from './variants.js';

export type { OverheadRow };

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

export async function runOverheadBench({
  variants = VARIANT_NAMES,
  rounds = 5,
  warmupSeconds = 2,
  durationSeconds = 5,
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
  const measurements = new Map<MeasurementKey, Measurement[]>();
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
          for (const route of ROUTE_NAMES) {
            const pathFor = ROUTES[route].pathFor(products);
            const measured = await measureRoute(target, sink, { pathFor, connections, warmupSeconds, durationSeconds });
            const key: MeasurementKey = `${variant} ${route}`;
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
  const settings = { connections, warmupSeconds, durationSeconds, database: postgresUrl ? 'PostgreSQL' : 'PGlite' };
  return summarizeRounds(measurements, variants, settings);
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
  const cpuBefore = target.cpuSeconds();
  const result = await runLoad({ url, pathFor, connections, durationSeconds: options.durationSeconds });
  const cpuMicrosPerRequest = ((target.cpuSeconds() - cpuBefore) * 1e6) / Math.max(1, result.requests);
  const exportedKiBPerSecond = (sinkBytes(sink) - bytesBefore) / 1024 / options.durationSeconds;
  return { ...result, cpuMicrosPerRequest, rssMiB: target.rssMiB(), exportedKiBPerSecond, loadAverage1m };
}

const sinkBytes = (sink: DiscardSink) => Object.values(sink.counts()).reduce((sum, c) => sum + c.bytes, 0);
