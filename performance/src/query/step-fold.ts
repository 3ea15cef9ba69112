import { groupBy, type SeriesAggregate } from './request-stats.js';
import type { TimeseriesPoint } from './timeseries.js';

export interface StepRange {
  fromMs: number;
  toMs: number;
  stepMs: number;
}

/**
 * One point per step over [fromMs, toMs) from Store.readSteps aggregates, each step's items folded by `reduce`
 * (null for a step without items). Example: from 12:00:05, to 12:00:30, step 10 s → t = 12:00:00, :10, :20.
 */
export function foldSteps(
  items: readonly SeriesAggregate[],
  { fromMs, toMs, stepMs }: StepRange,
  reduce: (items: readonly SeriesAggregate[]) => number | null,
): TimeseriesPoint[] {
  // Aligning again tolerates a store that answers with finer buckets than asked: they fold into their step.
  const byStep = groupBy(
    items.filter((i) => i.aggregate.count > 0),
    (i) => String(Math.floor(i.aggregate.startMs / stepMs) * stepMs),
  );
  const points: TimeseriesPoint[] = [];
  for (let t = Math.floor(fromMs / stepMs) * stepMs; t < toMs; t += stepMs) {
    const group = byStep.get(String(t));
    points.push({ t, v: group ? reduce(group) : null });
  }
  return points;
}

/** Largest sample of gauges (or largest observation of histograms); null without data. */
export function maxOf(items: readonly SeriesAggregate[]): number | null {
  let max = Number.NEGATIVE_INFINITY;
  for (const { aggregate } of items) if (aggregate.count > 0 && aggregate.max > max) max = aggregate.max;
  return Number.isFinite(max) ? max : null;
}

/** Mean of all gauge samples; null without samples. */
export function meanOf(items: readonly SeriesAggregate[]): number | null {
  let sum = 0;
  let count = 0;
  for (const { aggregate } of items) {
    sum += aggregate.sum;
    count += aggregate.count;
  }
  return count > 0 ? sum / count : null;
}
