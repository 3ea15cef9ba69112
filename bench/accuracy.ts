/**
 * Accuracy benchmark: percentile estimates from Stride's exponential histogram and from prom-client's default
 * buckets, against the exact order statistic, on seeded latency samples (seconds). `npm run bench` prints the
 * table; docs/benchmarks.md keeps the figures.
 */
import { ExponentialHistogram } from '../agents/src/index.js';

export interface AccuracyRow {
  distribution: string;
  quantile: number;
  /** Seconds. */
  exact: number;
  stride: number;
  strideErrPct: number;
  promDefault: number;
  promErrPct: number;
}

export interface AccuracyBenchOptions {
  samples?: number;
  seed?: number;
  quantiles?: number[];
}

/** prom-client's default `buckets` (seconds), upper bounds of cumulative `le` buckets; +Inf is implicit. */
export const PROM_CLIENT_DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** mulberry32: tiny seeded PRNG so every run draws the same samples. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function standardNormal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Latency generators in seconds, shaped like web request timings with medians of 50–200 ms. */
export const LATENCY_DISTRIBUTIONS: Record<string, (random: () => number) => number> = {
  // A typical API route: median 80 ms, p99 ≈ 0.4 s.
  lognormal: (random) => 0.08 * Math.exp(0.7 * standardNormal(random)),
  // Cache hit (median 60 ms) vs cache miss hitting the database (median 400 ms), 35% misses.
  bimodal: (random) => (random() < 0.35 ? 0.4 : 0.06) * Math.exp(0.35 * standardNormal(random)),
  // Heavy tail: x_m = 40 ms, α = 1.6 → median 62 ms, p99.9 ≈ 3 s.
  pareto: (random) => 0.04 * (1 - random()) ** (-1 / 1.6),
};

/**
 * Prometheus `histogram_quantile` on cumulative `le` buckets: find the bucket holding rank q·count and
 * interpolate linearly inside it, the first bucket starting at 0; a rank in the +Inf bucket returns the
 * highest finite bound.
 */
export function prometheusHistogramQuantile(q: number, upperBounds: number[], cumulativeCounts: number[]): number {
  const total = cumulativeCounts[cumulativeCounts.length - 1] ?? 0;
  if (total === 0) return Number.NaN;
  const rank = q * total;
  let b = cumulativeCounts.findIndex((c) => c >= rank);
  if (b < 0) b = cumulativeCounts.length - 1;
  if (b >= upperBounds.length) return upperBounds[upperBounds.length - 1]!;
  if (b === 0 && upperBounds[0]! <= 0) return upperBounds[0]!;
  const start = b === 0 ? 0 : upperBounds[b - 1]!;
  const countBefore = b === 0 ? 0 : cumulativeCounts[b - 1]!;
  const inBucket = cumulativeCounts[b]! - countBefore;
  return start + (upperBounds[b]! - start) * ((rank - countBefore) / inBucket);
}

/** Cumulative counts per upper bound, plus a final +Inf entry, as a Prometheus histogram exposes them. */
export function cumulativeBucketCounts(sorted: Float64Array, upperBounds: number[]): number[] {
  const counts: number[] = [];
  let i = 0;
  for (const bound of upperBounds) {
    while (i < sorted.length && sorted[i]! <= bound) i++;
    counts.push(i);
  }
  counts.push(sorted.length);
  return counts;
}

const errPct = (estimate: number, exact: number): number => (Math.abs(estimate - exact) / exact) * 100;

export function runAccuracyBench(options: AccuracyBenchOptions = {}): AccuracyRow[] {
  const { samples = 1_000_000, seed = 42, quantiles = [0.5, 0.9, 0.95, 0.99, 0.999] } = options;
  const rows: AccuracyRow[] = [];
  for (const [distribution, draw] of Object.entries(LATENCY_DISTRIBUTIONS)) {
    const random = seededRandom(seed);
    const values = new Float64Array(samples);
    const histogram = new ExponentialHistogram();
    for (let i = 0; i < samples; i++) {
      const v = draw(random);
      values[i] = v;
      histogram.record(v);
    }
    values.sort();
    const cumulative = cumulativeBucketCounts(values, PROM_CLIENT_DEFAULT_BUCKETS);
    for (const quantile of quantiles) {
      const exact = values[Math.max(1, Math.ceil(quantile * samples)) - 1]!;
      const stride = histogram.quantile(quantile);
      const promDefault = prometheusHistogramQuantile(quantile, PROM_CLIENT_DEFAULT_BUCKETS, cumulative);
      rows.push({
        distribution,
        quantile,
        exact,
        stride,
        strideErrPct: errPct(stride, exact),
        promDefault,
        promErrPct: errPct(promDefault, exact),
      });
    }
  }
  return rows;
}

/** Markdown table of the rows, latencies in milliseconds. */
export function formatAccuracyTable(rows: AccuracyRow[]): string {
  const ms = (seconds: number): string => (seconds * 1000).toFixed(seconds < 0.01 ? 3 : 2);
  const pct = (p: number): string => `${p.toFixed(p < 1 ? 3 : 1)}%`;
  const percentile = (q: number): string => `p${Number((q * 100).toFixed(3))}`;
  const lines = [
    '| distribution | quantile | exact (ms) | Stride (ms) | Stride error | prom-client default (ms) | prom-client error |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.distribution} | ${percentile(r.quantile)} | ${ms(r.exact)} | ${ms(r.stride)} | ${pct(r.strideErrPct)} | ${ms(r.promDefault)} | ${pct(r.promErrPct)} |`,
    ),
  ];
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === new URL(process.argv[1], 'file://').href) {
  console.log(formatAccuracyTable(runAccuracyBench()));
}
