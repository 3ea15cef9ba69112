/**
 * k6-style pass/fail criteria over a run's per-scenario results, written `<target>.<metric><op><value>`:
 *
 *   browse.p95<300        95th percentile latency of browse under 300 ms
 *   checkout.p99<=1500ms  the unit may be spelled out
 *   all.errorRate<0.01    under 1% errors over every scenario (also `all.errorRate<1%`)
 *   detail.rps>=50        throughput floor
 *
 * Targets are scenario names or `all`; metrics are `pNN` (any percentile, e.g. p99.9), `avg`, `max` (ms),
 * `errorRate` (fraction) and `rps` (requests per second).
 */

export type ThresholdOp = '<' | '<=' | '>' | '>=';

export interface Threshold {
  /** Canonical text, e.g. `browse.p95<300`: what the summary lists and what `--threshold` overrides by key. */
  name: string;
  /** `browse.p95`: a later threshold with the same key replaces an earlier one. */
  key: string;
  target: string;
  metric: string;
  op: ThresholdOp;
  value: number;
}

/** What a threshold reads from one target's results. */
export interface MeasuredTarget {
  requests: number;
  errors: number;
  durationMs: number;
  latencyMs: { count: number; sum: number; max: number; quantile(q: number): number };
}

export interface ThresholdResult {
  name: string;
  ok: boolean;
  /** The measured value; null when the target had no data (which passes, as in k6: nothing ran, nothing broke). */
  actual: number | null;
}

export class ThresholdSyntaxError extends Error {
  override readonly name = 'ThresholdSyntaxError';
}

type MetricReader = (target: MeasuredTarget) => number;

/** Named metrics; percentiles (`pNN`) are matched by pattern in `metricReader`. */
const METRICS: Readonly<Record<string, { unit: 'ms' | 'ratio' | 'rate'; read: MetricReader }>> = {
  avg: { unit: 'ms', read: (t) => (t.latencyMs.count === 0 ? Number.NaN : t.latencyMs.sum / t.latencyMs.count) },
  max: { unit: 'ms', read: (t) => (t.latencyMs.count === 0 ? Number.NaN : t.latencyMs.max) },
  errorRate: { unit: 'ratio', read: (t) => (t.requests === 0 ? Number.NaN : t.errors / t.requests) },
  rps: { unit: 'rate', read: (t) => (t.durationMs <= 0 ? Number.NaN : t.requests / (t.durationMs / 1000)) },
};

const PERCENTILE = /^p(\d{1,2}(?:\.\d+)?)$/;

function metricInfo(metric: string): { unit: 'ms' | 'ratio' | 'rate'; read: MetricReader } | undefined {
  const named = METRICS[metric];
  if (named) return named;
  const percentile = PERCENTILE.exec(metric);
  if (!percentile) return undefined;
  const q = Number(percentile[1]) / 100;
  if (!(q > 0 && q < 1)) return undefined;
  return { unit: 'ms', read: (t) => (t.latencyMs.count === 0 ? Number.NaN : t.latencyMs.quantile(q)) };
}

const SHAPE = /^([A-Za-z][\w-]*)\.([A-Za-z][\w.]*?)\s*(<=|>=|<|>)\s*(-?\d+(?:\.\d+)?)\s*(ms|s|%)?$/;

/** Parses one threshold; `targets` are the names a threshold may refer to (the scenarios and `all`). */
export function parseThreshold(text: string, targets: readonly string[]): Threshold {
  const trimmed = text.trim();
  const match = SHAPE.exec(trimmed);
  if (!match) {
    throw new ThresholdSyntaxError(
      `threshold "${text}" must look like <scenario>.<metric><op><value>, e.g. browse.p95<300 or all.errorRate<0.01`,
    );
  }
  const [, target = '', metric = '', op = '<', number = '0', unit] = match;
  if (!targets.includes(target)) {
    throw new ThresholdSyntaxError(`threshold "${text}": unknown target "${target}" (one of ${targets.join(', ')})`);
  }
  const info = metricInfo(metric);
  if (!info) {
    throw new ThresholdSyntaxError(
      `threshold "${text}": unknown metric "${metric}" (pNN such as p95 or p99.9, avg, max, errorRate, rps)`,
    );
  }
  let value = Number(number);
  if (unit === 's' || unit === 'ms') {
    if (info.unit !== 'ms') throw new ThresholdSyntaxError(`threshold "${text}": ${metric} is not a duration`);
    if (unit === 's') value *= 1000;
  } else if (unit === '%') {
    if (info.unit !== 'ratio') throw new ThresholdSyntaxError(`threshold "${text}": only errorRate takes a %`);
    value /= 100;
  }
  value = Math.round(value * 1e9) / 1e9; // 1.1s → 1100, not 1100.0000000000002
  return {
    name: `${target}.${metric}${op}${value}`,
    key: `${target}.${metric}`,
    target,
    metric,
    op: op as ThresholdOp,
    value,
  };
}

/** Defaults first, then overrides; an override with the same `target.metric` key replaces the default. */
export function mergeThresholds(defaults: readonly Threshold[], overrides: readonly Threshold[]): Threshold[] {
  const byKey = new Map<string, Threshold>();
  for (const threshold of [...defaults, ...overrides]) {
    byKey.delete(threshold.key); // re-insert so an override is listed where it was given
    byKey.set(threshold.key, threshold);
  }
  return [...byKey.values()];
}

const COMPARE: Readonly<Record<ThresholdOp, (actual: number, limit: number) => boolean>> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

/** Evaluates each threshold against its target's measurements (`targets` keyed by name, `all` included). */
export function evaluateThresholds(
  thresholds: readonly Threshold[],
  targets: ReadonlyMap<string, MeasuredTarget>,
): ThresholdResult[] {
  return thresholds.map((threshold) => {
    const measured = targets.get(threshold.target);
    const info = metricInfo(threshold.metric);
    const actual = measured && info ? info.read(measured) : Number.NaN;
    if (Number.isNaN(actual)) return { name: threshold.name, ok: true, actual: null };
    return { name: threshold.name, ok: COMPARE[threshold.op](actual, threshold.value), actual };
  });
}
