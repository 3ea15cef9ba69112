// Agent-overhead benchmark: the same app, once per instrumentation variant, each in its own process with its own
// discard sink, all started up front and warmed up, then loaded one at a time in short windows bracketed by the
// uninstrumented baseline (none, stride, none, promBundle, …, none), so every variant is compared with baseline
// windows measured seconds apart on this shared, drifting machine. See summarize-windows.ts for the arithmetic.
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { type BenchChild, startBenchChild } from './child-process.js';
import { type DiscardSink, startDiscardSink } from './discard-sink.js';
import { type InstructionCount, startInstructionCount } from './instruction-count.js';
import { runLoad } from './load.js';
import { ROUTE_NAMES, ROUTES, type RouteName } from './routes.js';
import { type MeasuredWindow, type OverheadRow, summarizeWindows } from './summarize-windows.js';
import { VARIANT_NAMES, VARIANTS, type VariantName } from './variants.js';

export type { OverheadRow };

export interface OverheadBenchOptions {
  variants?: readonly VariantName[];
  /** Routes measured, in order (A first by default, as the RSS column assumes). */
  routes?: readonly RouteName[];
  /** Passes through the bracketed sequence per route; each variant gets one window per round. */
  rounds?: number;
  /**
   * Load on each route before its first window, per variant process (JIT, pools, caches). Long enough for every
   * variant's exporter to have flushed twice (5 s intervals): a process's first flushes bring new object shapes into
   * Node's stream and HTTP code and deoptimize it, a start-up transient that is not steady-state overhead.
   */
  warmupSeconds?: number;
  windowSeconds?: number;
  connections?: number;
  /** Commerce seed scale of the shared database (0.01 = 100 products). */
  seedScale?: number;
  /** Run route A on this PostgreSQL (in a private schema) instead of an embedded PGlite. */
  postgresUrl?: string | undefined;
  log?: (line: string) => void;
}

interface Target {
  variant: VariantName;
  child: BenchChild;
  sink: DiscardSink;
}

export async function runOverheadBench({
  variants = VARIANT_NAMES,
  routes = ROUTE_NAMES,
  rounds = 3,
  warmupSeconds = 12,
  windowSeconds = 5,
  connections = 16,
  seedScale = 0.01,
  postgresUrl,
  log = (line) => console.error(line),
}: OverheadBenchOptions = {}): Promise<OverheadRow[]> {
  if (!variants.includes('none')) throw new RangeError("variants must include 'none', the baseline");
  const db = await startBenchChild({
    entry: 'database-process.ts',
    env: {
      STRIDE_BENCH_SEED_SCALE: String(seedScale),
      ...(postgresUrl ? { STRIDE_BENCH_POSTGRES_URL: postgresUrl } : {}),
    },
  });
  const targets: Target[] = [];
  const windows: MeasuredWindow[] = [];
  try {
    for (const variant of variants) targets.push(await startTarget(variant, String(db.ready['url'])));
    const products = db.ready['products'] as number;
    for (const route of routes) {
      const phase = { products, rounds, warmupSeconds, windowSeconds, connections, log };
      windows.push(...(await measureRoute(targets, route, phase)));
    }
  } finally {
    await Promise.all(targets.map(async (t) => Promise.all([t.child.stop(), t.sink.close()])));
    await db.stop();
  }
  const database = postgresUrl ? 'PostgreSQL' : 'PGlite';
  const settings = { connections, warmupSeconds, windowSeconds, rounds, database };
  return summarizeWindows(windows, variants, settings);
}

/**
 * Warms every target up on the route, then runs the bracketed schedule. A window's CPU time, instructions and
 * exported bytes are read at the end of the next window, when this process is idle and its exporters send what the
 * window queued.
 */
async function measureRoute(
  targets: readonly Target[],
  route: RouteName,
  options: Required<
    Pick<OverheadBenchOptions, 'rounds' | 'warmupSeconds' | 'windowSeconds' | 'connections' | 'log'>
  > & {
    products: number;
  },
): Promise<MeasuredWindow[]> {
  const { rounds, warmupSeconds, windowSeconds, connections, log } = options;
  const pathFor = ROUTES[route].pathFor(options.products);
  const load = (target: Target, durationSeconds: number) =>
    runLoad({ url: String(target.child.ready['url']), pathFor, connections, durationSeconds });
  for (const target of targets) await load(target, warmupSeconds);
  const schedule = bracketedSchedule(targets, rounds);
  const windows: MeasuredWindow[] = [];
  const starts: Snapshot[] = [];
  const counts: InstructionCount[] = [];
  const closeWindow = async (j: number) => {
    const end = snapshot(schedule[j]!);
    windows[j]!.cpuSeconds = end.cpuSeconds - starts[j]!.cpuSeconds;
    windows[j]!.exportedBytes = end.exportedBytes - starts[j]!.exportedBytes;
    windows[j]!.instructions = await counts[j]!.stop();
  };
  for (const [i, target] of schedule.entries()) {
    log(`overhead: ${route} window ${i + 1}/${schedule.length}: ${target.variant}`);
    counts.push(await startInstructionCount(target.child.pid));
    starts.push(snapshot(target));
    const loadAverage1m = loadavg()[0]!;
    const result = await load(target, windowSeconds);
    const rssMiB = target.child.rssMiB();
    windows.push({
      variant: target.variant,
      route,
      result,
      loadAverage1m,
      rssMiB,
      cpuSeconds: 0,
      exportedBytes: 0,
      instructions: undefined,
    });
    if (i > 0) await closeWindow(i - 1);
  }
  await sleep(windowSeconds * 1000); // the last window's tail
  await closeWindow(schedule.length - 1);
  return windows;
}

async function startTarget(variant: VariantName, databaseUrl: string): Promise<Target> {
  const sink = await startDiscardSink();
  const child = await startBenchChild({
    entry: 'target-process.ts',
    env: {
      ...VARIANTS[variant].env,
      STRIDE_BENCH_VARIANT: variant,
      STRIDE_BENCH_DATABASE_URL: databaseUrl,
      STRIDE_BENCH_SINK_URL: sink.url,
    },
  });
  return { variant, child, sink };
}

/** none, v1, none, v2, …, none per round (the variants rotated each round), ending on none. */
export function bracketedSchedule<T extends { variant: VariantName }>(targets: readonly T[], rounds: number): T[] {
  const baseline = targets.find((t) => t.variant === 'none')!;
  const others = targets.filter((t) => t !== baseline);
  const schedule: T[] = [];
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < others.length; i++) schedule.push(baseline, others[(i + round) % others.length]!);
  }
  schedule.push(baseline);
  return schedule;
}

interface Snapshot {
  cpuSeconds: number;
  exportedBytes: number;
}

function snapshot(target: Target): Snapshot {
  const exportedBytes = Object.values(target.sink.counts()).reduce((sum, c) => sum + c.bytes, 0);
  return { cpuSeconds: target.child.cpuSeconds(), exportedBytes };
}
