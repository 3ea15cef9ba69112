import jStat from 'jstat';

/**
 * Welch's unequal-variance t-test and a bootstrap interval: the statistics behind validation verdicts and
 * change-point detection. Pure; the bootstrap is seeded, so the same data always gives the same interval.
 */

export interface WelchResult {
  meanA: number;
  meanB: number;
  /** (meanB − meanA) / standard error: positive when B is larger. */
  t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  /** Two-sided. */
  pValue: number;
}

export interface Moments {
  n: number;
  mean: number;
  /** Sample variance (n − 1 denominator). */
  variance: number;
}

export function moments(values: readonly number[]): Moments {
  const n = values.length;
  let sum = 0;
  for (const v of values) sum += v;
  const mean = n > 0 ? sum / n : Number.NaN;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { n, mean, variance: n > 1 ? squares / (n - 1) : Number.NaN };
}

/** Two-sided p-value of a t statistic with `df` degrees of freedom. */
export function twoSidedP(t: number, df: number): number {
  if (Number.isNaN(t)) return 1;
  if (!Number.isFinite(t)) return 0;
  return Math.min(1, 2 * (1 - jStat.studentt.cdf(Math.abs(t), df)));
}

/**
 * Welch's t-test from moments; null unless both samples have at least 2 values. Two constant samples give t = 0,
 * p = 1 when equal and t = ±∞, p = 0 when not (no noise at all: any difference is real).
 * Example (Wikipedia's A1/A2, 15 values each): t = 2.4554 for B − A, df = 24.99, p = 0.0214.
 */
export function welchFromMoments(a: Moments, b: Moments): WelchResult | null {
  if (a.n < 2 || b.n < 2) return null;
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const se2 = va + vb;
  const diff = b.mean - a.mean;
  if (se2 === 0) {
    const df = a.n + b.n - 2;
    if (diff === 0) return { meanA: a.mean, meanB: b.mean, t: 0, df, pValue: 1 };
    return { meanA: a.mean, meanB: b.mean, t: diff > 0 ? Infinity : -Infinity, df, pValue: 0 };
  }
  const t = diff / Math.sqrt(se2);
  const df = se2 ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  return { meanA: a.mean, meanB: b.mean, t, df, pValue: twoSidedP(t, df) };
}

export function welchTTest(a: readonly number[], b: readonly number[]): WelchResult | null {
  return welchFromMoments(moments(a), moments(b));
}

/** mulberry32: a tiny seeded PRNG in [0, 1), enough for resampling. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Percentile bootstrap interval of mean(b) − mean(a): resample each side with replacement `resamples` times.
 * Example: a = 100 ± 5 ms, b = 80 ± 5 ms, 30 values each → roughly [−22.5, −17.5].
 */
export function bootstrapMeanDifferenceCi(
  a: readonly number[],
  b: readonly number[],
  { level = 0.95, resamples = 1_000, seed = 1 }: { level?: number; resamples?: number; seed?: number } = {},
): [number, number] {
  if (a.length === 0 || b.length === 0) return [Number.NaN, Number.NaN];
  const random = seededRandom(seed);
  const resampledMean = (values: readonly number[]) => {
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += values[Math.floor(random() * values.length)]!;
    return sum / values.length;
  };
  const diffs = new Float64Array(resamples);
  for (let i = 0; i < resamples; i++) diffs[i] = resampledMean(b) - resampledMean(a);
  diffs.sort();
  const tail = (1 - level) / 2;
  const at = (q: number) => diffs[Math.min(resamples - 1, Math.max(0, Math.floor(q * resamples)))]!;
  return [at(tail), at(1 - tail)];
}
