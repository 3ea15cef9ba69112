import { ExponentialHistogram } from '@stride/agent';
import type { ScenarioTally } from './scenario-stats.js';
import { evaluateThresholds, type MeasuredTarget, type Threshold, type ThresholdResult } from './thresholds.js';

/** The target name that stands for every scenario together. */
export const ALL = 'all';

/** One row of the summary; the body of `POST /api/v1/benchmarks` carries the first seven fields. */
export interface ScenarioRow {
  name: string;
  requests: number;
  errors: number;
  rps: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Answers by status, e.g. { '200': 812, '409': 3 }; unanswered requests are under `none`. */
  statuses: Record<string, number>;
}

/** A load run as `POST /api/v1/benchmarks` stores it (see performance/src/http/benchmark-routes.ts). */
export interface BenchmarkSummary {
  name: string;
  profile: string;
  target: string;
  /** Unix ms. */
  startedAt: number;
  durationMs: number;
  scenarios: Array<Pick<ScenarioRow, 'name' | 'requests' | 'errors' | 'rps' | 'p50Ms' | 'p95Ms' | 'p99Ms'>>;
  thresholds: Array<{ name: string; ok: boolean }>;
  passed: boolean;
}

export interface LoadReport {
  summary: BenchmarkSummary;
  rows: ScenarioRow[];
  thresholdResults: ThresholdResult[];
}

export interface BuildReportInput {
  name: string;
  profile: string;
  target: string;
  startedAtMs: number;
  durationMs: number;
  tallies: ReadonlyArray<Readonly<ScenarioTally>>;
  thresholds: readonly Threshold[];
}

/** Every scenario plus `all` (their latencies merged, never their percentiles averaged). */
export function measuredTargets(
  tallies: ReadonlyArray<Readonly<ScenarioTally>>,
  durationMs: number,
): Map<string, MeasuredTarget & { tally: Pick<ScenarioTally, 'statuses' | 'unanswered'> }> {
  const targets = new Map<string, MeasuredTarget & { tally: Pick<ScenarioTally, 'statuses' | 'unanswered'> }>();
  const merged = new ExponentialHistogram();
  const statuses = new Map<number, number>();
  let requests = 0;
  let errors = 0;
  let unanswered = 0;
  for (const tally of tallies) {
    targets.set(tally.name, {
      requests: tally.requests,
      errors: tally.errors,
      durationMs,
      latencyMs: tally.latencyMs,
      tally,
    });
    merged.merge(tally.latencyMs);
    for (const [status, count] of tally.statuses) statuses.set(status, (statuses.get(status) ?? 0) + count);
    requests += tally.requests;
    errors += tally.errors;
    unanswered += tally.unanswered;
  }
  targets.set(ALL, { requests, errors, durationMs, latencyMs: merged, tally: { statuses, unanswered } });
  return targets;
}

const round2 = (n: number) => (Number.isFinite(n) ? Math.round(n * 100) / 100 : 0);

/** The run's rows, threshold verdicts and the summary to store. It passes when it made requests and every threshold held. */
export function buildReport(input: BuildReportInput): LoadReport {
  const targets = measuredTargets(input.tallies, input.durationMs);
  const rows: ScenarioRow[] = [...targets].map(([name, target]) => {
    const q = (quantile: number) => (target.latencyMs.count === 0 ? 0 : round2(target.latencyMs.quantile(quantile)));
    const statuses: Record<string, number> = {};
    for (const [status, count] of [...target.tally.statuses].sort(([a], [b]) => a - b)) statuses[status] = count;
    if (target.tally.unanswered > 0) statuses['none'] = target.tally.unanswered;
    return {
      name,
      requests: target.requests,
      errors: target.errors,
      rps: round2(input.durationMs > 0 ? target.requests / (input.durationMs / 1000) : 0),
      p50Ms: q(0.5),
      p95Ms: q(0.95),
      p99Ms: q(0.99),
      maxMs: target.latencyMs.count === 0 ? 0 : round2(target.latencyMs.max),
      statuses,
    };
  });
  const thresholdResults = evaluateThresholds(input.thresholds, targets);
  const madeRequests = (targets.get(ALL)?.requests ?? 0) > 0;
  return {
    rows,
    thresholdResults,
    summary: {
      name: input.name,
      profile: input.profile,
      target: input.target,
      startedAt: input.startedAtMs,
      durationMs: Math.round(input.durationMs),
      scenarios: rows.map(({ name, requests, errors, rps, p50Ms, p95Ms, p99Ms }) => ({
        name,
        requests,
        errors,
        rps,
        p50Ms,
        p95Ms,
        p99Ms,
      })),
      thresholds: thresholdResults.map(({ name, ok }) => ({ name, ok })),
      passed: madeRequests && thresholdResults.every((result) => result.ok),
    },
  };
}

const COLUMNS: ReadonlyArray<{ title: string; cell: (row: ScenarioRow) => string }> = [
  { title: 'scenario', cell: (r) => r.name },
  { title: 'requests', cell: (r) => r.requests.toLocaleString('en-US') },
  { title: 'errors', cell: (r) => r.errors.toLocaleString('en-US') },
  { title: 'error %', cell: (r) => (r.requests === 0 ? '-' : `${((100 * r.errors) / r.requests).toFixed(2)}%`) },
  { title: 'req/s', cell: (r) => r.rps.toFixed(1) },
  { title: 'p50 ms', cell: (r) => (r.requests === 0 ? '-' : r.p50Ms.toFixed(1)) },
  { title: 'p95 ms', cell: (r) => (r.requests === 0 ? '-' : r.p95Ms.toFixed(1)) },
  { title: 'p99 ms', cell: (r) => (r.requests === 0 ? '-' : r.p99Ms.toFixed(1)) },
  { title: 'max ms', cell: (r) => (r.requests === 0 ? '-' : r.maxMs.toFixed(1)) },
  {
    title: 'statuses',
    cell: (r) =>
      Object.entries(r.statuses)
        .map(([status, count]) => `${status}×${count}`)
        .join(' '),
  },
];

/**
 * The end-of-run report: a table (first column left-aligned, numbers right-aligned), the thresholds with ✓/✗ and
 * the measured value, and the verdict.
 */
export function formatReport({ summary, rows, thresholdResults }: LoadReport): string {
  const cells = [COLUMNS.map((c) => c.title), ...rows.map((row) => COLUMNS.map((c) => c.cell(row)))];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((line) => (line[i] as string).length)));
  const lines = cells.map((line) =>
    line
      .map((cell, i) =>
        i === 0 || i === COLUMNS.length - 1 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number),
      )
      .join('  ')
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((w) => '─'.repeat(w)).join('  '));
  const out = [
    `${summary.name} · ${summary.profile} · ${summary.target} · ${(summary.durationMs / 1000).toFixed(1)} s`,
    '',
    ...lines,
    '',
  ];
  if (thresholdResults.length > 0) {
    out.push('thresholds:');
    for (const result of thresholdResults) {
      const actual = result.actual === null ? 'no data' : `got ${formatActual(result.actual)}`;
      out.push(`  ${result.ok ? '✓' : '✗'} ${result.name}  (${actual})`);
    }
    out.push('');
  }
  const total = rows.find((row) => row.name === ALL);
  out.push(
    summary.passed
      ? 'PASSED'
      : total?.requests === 0
        ? 'FAILED: no requests completed'
        : `FAILED: ${thresholdResults.filter((r) => !r.ok).length} threshold(s) crossed`,
  );
  return out.join('\n');
}

function formatActual(value: number): string {
  return Number.isInteger(value) ? String(value) : value < 1 ? value.toFixed(4) : value.toFixed(1);
}
