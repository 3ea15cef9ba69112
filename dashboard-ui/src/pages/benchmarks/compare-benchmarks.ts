// Side-by-side comparison of load-runner runs: one row per scenario (in first-seen order across the runs), one
// cell per run, and each cell's change against the first selected run (the baseline).
import type { Benchmark } from '../../api/types.js';

export const BENCHMARK_METRICS = [
  { key: 'p50Ms', label: 'p50', unit: 'ms', higherIsBetter: false },
  { key: 'p95Ms', label: 'p95', unit: 'ms', higherIsBetter: false },
  { key: 'p99Ms', label: 'p99', unit: 'ms', higherIsBetter: false },
  { key: 'rps', label: 'req/s', unit: 'rps', higherIsBetter: true },
] as const;

export type BenchmarkMetric = (typeof BENCHMARK_METRICS)[number]['key'];
export type Scenario = Benchmark['scenarios'][number];

export interface ComparisonRow {
  scenario: string;
  /** One entry per run, in run order; null when that run had no such scenario. */
  cells: (Scenario | null)[];
}

export type Verdict = 'better' | 'worse' | 'same' | null;

export function compareBenchmarks(runs: readonly Benchmark[]): ComparisonRow[] {
  const names: string[] = [];
  for (const run of runs) for (const s of run.scenarios) if (!names.includes(s.name)) names.push(s.name);
  return names.map((scenario) => ({
    scenario,
    cells: runs.map((run) => run.scenarios.find((s) => s.name === scenario) ?? null),
  }));
}

/**
 * Whether `value` improved on `base` for a metric, ignoring changes under `noiseFraction` (default 2 %): run-to-run
 * noise on a shared machine is larger than that, and a sea of red and green for ±0.5 % would hide what matters.
 */
export function verdict(
  metric: BenchmarkMetric,
  value: number | undefined,
  base: number | undefined,
  noiseFraction = 0.02,
): Verdict {
  if (value === undefined || base === undefined || base === 0) return null;
  const change = (value - base) / base;
  if (Math.abs(change) < noiseFraction) return 'same';
  const higherIsBetter = BENCHMARK_METRICS.find((m) => m.key === metric)?.higherIsBetter ?? false;
  return change > 0 === higherIsBetter ? 'better' : 'worse';
}

/** Rows for a grouped bar chart of one metric: category = scenario, one field per run id. */
export function chartRows(
  runs: readonly Benchmark[],
  metric: BenchmarkMetric,
): Record<string, string | number | null>[] {
  return compareBenchmarks(runs).map((row) => {
    const out: Record<string, string | number | null> = { category: row.scenario };
    row.cells.forEach((cell, i) => {
      out[runs[i]!.id] = cell === null ? null : cell[metric];
    });
    return out;
  });
}
