// Turns the measurement windows of a run into one table row per (route, variant).
//
// Windows run in a bracketed sequence per route: none, stride, none, promBundle, none, …, none. A variant's
// throughput cost in one window is taken against the mean of the `none` windows right before and after it, seconds
// apart, so the shared machine's drifting load cancels; the row reports the median over its windows. Example: none
// 2,000 req/s, stride 1,800, none 2,200 → cost 1 - 1,800 / 2,100 = 14.3 %.
import type { LoadResult } from './load.js';
import { ROUTES, type RouteName } from './routes.js';
import { VARIANTS, type VariantName } from './variants.js';

export interface MeasuredWindow {
  variant: VariantName;
  route: RouteName;
  result: LoadResult;
  loadAverage1m: number;
  /**
   * The variant process's CPU time (user + system) and the bytes its sink received from the window's start to the
   * end of the next window, which is idle for this process: exports of what the window queued land in that tail.
   */
  cpuSeconds: number;
  exportedBytes: number;
  /** Instructions the variant process retired over the same span as cpuSeconds (perf); undefined without perf. */
  instructions?: number | undefined;
  /** The variant process's VmRSS at the end of the window, MiB. */
  rssMiB: number;
}

export interface RunSettings {
  connections: number;
  warmupSeconds: number;
  windowSeconds: number;
  rounds: number;
  /** Where route A's queries went: 'PGlite' (embedded, one session) or 'PostgreSQL'. */
  database: string;
}

export interface OverheadRow extends RunSettings {
  variant: VariantName;
  variantLabel: string;
  route: RouteName;
  routeLabel: string;
  /** Medians over the variant's windows. */
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Median paired throughput cost against `none`, percent (negative = faster); 0 for none itself. */
  overheadPercent: number;
  /** Smallest and largest paired cost of a single window, percent. */
  overheadRangePercent: [number, number];
  /** App-process CPU (user + system) per request over the variant's windows and their tails, microseconds. */
  cpuMicrosPerRequest: number;
  /** cpuMicrosPerRequest / cpuMicrosPerRequest(none) - 1, percent. */
  cpuOverheadPercent: number;
  /**
   * App-process instructions per request over the same span as CPU µs, thousands (NaN without perf): the one
   * per-request cost that others' load on the machine hardly moves.
   */
  kiloInstructionsPerRequest: number;
  /** kiloInstructionsPerRequest / kiloInstructionsPerRequest(none) - 1, percent (NaN without perf). */
  instructionOverheadPercent: number;
  /** The variant process's largest VmRSS at the end of a window of this route (A runs first), MiB. */
  rssMiB: number;
  /** What the variant's own sink received per second of its windows, KiB/s (0 for pull-based Prometheus). */
  exportedKiBPerSecond: number;
  /** Failed requests in the variant's windows (non-2xx, connection errors, timeouts). */
  failures: number;
  /** 1-minute load average of the machine over the variant's windows, min and max. */
  loadAverage1mRange: [number, number];
}

export function summarizeWindows(
  windows: readonly MeasuredWindow[],
  variants: readonly VariantName[],
  settings: RunSettings,
): OverheadRow[] {
  const rows: OverheadRow[] = [];
  for (const route of new Set(windows.map((w) => w.route))) {
    const sequence = windows.filter((w) => w.route === route);
    const windowsOf = (variant: VariantName) => {
      const own = sequence.filter((w) => w.variant === variant);
      if (own.length === 0) throw new RangeError(`no window of ${variant} on ${route}`);
      return own;
    };
    const baselineCpu = cpuMicrosPerRequest(windowsOf('none'));
    const baselineInstructions = kiloInstructionsPerRequest(windowsOf('none'));
    for (const variant of variants) {
      const own = windowsOf(variant);
      const costs = variant === 'none' ? [0] : pairedCosts(sequence, variant);
      const cpu = cpuMicrosPerRequest(own);
      const instructions = kiloInstructionsPerRequest(own);
      const loads = own.map((w) => w.loadAverage1m);
      rows.push({
        ...settings,
        variant,
        variantLabel: VARIANTS[variant].label,
        route,
        routeLabel: ROUTES[route].label,
        requestsPerSecond: medianOf(own.map((w) => w.result.requestsPerSecond)),
        p50Ms: medianOf(own.map((w) => w.result.p50Ms)),
        p99Ms: medianOf(own.map((w) => w.result.p99Ms)),
        overheadPercent: medianOf(costs),
        overheadRangePercent: [Math.min(...costs), Math.max(...costs)],
        cpuMicrosPerRequest: cpu,
        cpuOverheadPercent: (cpu / baselineCpu - 1) * 100,
        kiloInstructionsPerRequest: instructions,
        instructionOverheadPercent: (instructions / baselineInstructions - 1) * 100,
        rssMiB: Math.max(...own.map((w) => w.rssMiB)),
        exportedKiBPerSecond: sum(own, (w) => w.exportedBytes) / 1024 / (own.length * settings.windowSeconds),
        failures: sum(own, (w) => w.result.failures),
        loadAverage1mRange: [Math.min(...loads), Math.max(...loads)],
      });
    }
  }
  return rows;
}

const sum = <T>(items: readonly T[], value: (item: T) => number) =>
  items.reduce((total, item) => total + value(item), 0);

function cpuMicrosPerRequest(windows: readonly MeasuredWindow[]): number {
  return (
    (sum(windows, (w) => w.cpuSeconds) * 1e6) /
    Math.max(
      1,
      sum(windows, (w) => w.result.requests),
    )
  );
}

/** Thousands of instructions per request over windows that all have a count; NaN when any lacks one. */
function kiloInstructionsPerRequest(windows: readonly MeasuredWindow[]): number {
  if (windows.some((w) => w.instructions === undefined)) return Number.NaN;
  return (
    sum(windows, (w) => w.instructions ?? 0) /
    1000 /
    Math.max(
      1,
      sum(windows, (w) => w.result.requests),
    )
  );
}

/** Cost of each of the variant's windows against the mean of the nearest `none` windows before and after it. */
function pairedCosts(sequence: readonly MeasuredWindow[], variant: VariantName): number[] {
  const costs: number[] = [];
  sequence.forEach((window, i) => {
    if (window.variant !== variant) return;
    const before = sequence.slice(0, i).findLast((w) => w.variant === 'none');
    const after = sequence.slice(i + 1).find((w) => w.variant === 'none');
    const neighbours = [before, after].filter((w) => w !== undefined);
    if (neighbours.length === 0) throw new RangeError(`no none window next to ${variant}`);
    const baseline = neighbours.reduce((sum, w) => sum + w.result.requestsPerSecond, 0) / neighbours.length;
    costs.push((1 - window.result.requestsPerSecond / baseline) * 100);
  });
  return costs;
}

export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
