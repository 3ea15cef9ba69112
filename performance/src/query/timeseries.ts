import {
  apdex,
  errorRate,
  groupBy,
  quantileMs,
  type RequestTally,
  type SeriesAggregate,
  tallyRequests,
} from './request-stats.js';

export const TIMESERIES_METRICS = ['latency', 'rate', 'errors', 'apdex'] as const;
export type TimeseriesMetric = (typeof TIMESERIES_METRICS)[number];

export interface TimeseriesPoint {
  /** Step start, unix ms. */
  t: number;
  v: number | null;
}

interface StepContext {
  stepMs: number;
  quantile: number;
}

/**
 * One value per step, keyed by metric. latency: ms at `quantile`; rate: requests per second; errors: fraction
 * with status ≥ 500; apdex: score in [0, 1]. A step without data is null, except rate, which is a true 0.
 */
const STEP_VALUE: Readonly<Record<TimeseriesMetric, (tally: RequestTally, ctx: StepContext) => number | null>> = {
  latency: (tally, { quantile }) => quantileMs(tally, quantile),
  rate: (tally, { stepMs }) => tally.requests / (stepMs / 1_000),
  errors: (tally) => errorRate(tally),
  apdex: (tally) => apdex(tally),
};

export interface TimeseriesOptions {
  metric: TimeseriesMetric;
  /** For `latency`; ∈ [0, 1]. */
  quantile: number;
  fromMs: number;
  toMs: number;
  stepMs: number;
  apdexThresholdMs: number;
}

/**
 * Folds per-series step aggregates (from Store.readSteps, bucket starts aligned to stepMs) into one point per
 * step over [fromMs, toMs). Example: from 12:00:05, to 12:00:30, step 10 s → t = 12:00:00, 12:00:10, 12:00:20.
 */
export function buildTimeseries(
  items: readonly SeriesAggregate[],
  { metric, quantile, fromMs, toMs, stepMs, apdexThresholdMs }: TimeseriesOptions,
): TimeseriesPoint[] {
  // Aligning again tolerates a store that answers with finer buckets than asked: they fold into their step.
  const byStep = groupBy(items, (item) => String(Math.floor(item.aggregate.startMs / stepMs) * stepMs));
  const stepValue = STEP_VALUE[metric];
  const points: TimeseriesPoint[] = [];
  for (let t = Math.floor(fromMs / stepMs) * stepMs; t < toMs; t += stepMs) {
    const tally = tallyRequests(byStep.get(String(t)) ?? [], apdexThresholdMs);
    points.push({ t, v: stepValue(tally, { stepMs, quantile }) });
  }
  return points;
}
