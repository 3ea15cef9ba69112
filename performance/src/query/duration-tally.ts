import type { ExponentialHistogram } from '@stride/agent';
import type { SeriesAggregate } from './request-stats.js';
import { msPerUnit } from './semconv.js';

/**
 * Count, total time and merged distribution over duration-histogram series (db, outbound HTTP, pool waits, GC).
 * Histograms in different units cannot merge: quantiles come from the unit holding the most observations,
 * while count and total time add up across units.
 */
export interface DurationTally {
  count: number;
  totalMs: number;
  maxMs: number | null;
  histogram: ExponentialHistogram | null;
  histogramMsPerUnit: number;
}

export function tallyDurations(items: readonly SeriesAggregate[]): DurationTally {
  const tally: DurationTally = { count: 0, totalMs: 0, maxMs: null, histogram: null, histogramMsPerUnit: 1 };
  const byUnit = new Map<number, { histogram: ExponentialHistogram; count: number }>();
  for (const { series, aggregate } of items) {
    if (aggregate.count <= 0) continue;
    const factor = msPerUnit(series.unit);
    tally.count += aggregate.count;
    tally.totalMs += aggregate.sum * factor;
    if (Number.isFinite(aggregate.max))
      tally.maxMs = Math.max(tally.maxMs ?? Number.NEGATIVE_INFINITY, aggregate.max * factor);
    if (!aggregate.histogram) continue;
    const entry = byUnit.get(factor);
    if (entry) {
      entry.histogram.merge(aggregate.histogram);
      entry.count += aggregate.count;
    } else {
      byUnit.set(factor, { histogram: aggregate.histogram.clone(), count: aggregate.count });
    }
  }
  let best = 0;
  for (const [factor, entry] of byUnit) {
    if (entry.count > best) {
      best = entry.count;
      tally.histogram = entry.histogram;
      tally.histogramMsPerUnit = factor;
    }
  }
  return tally;
}

/** Duration at quantile q ∈ [0, 1] in ms; null without data. */
export function durationQuantileMs(tally: DurationTally, q: number): number | null {
  if (!tally.histogram || tally.histogram.count === 0) return null;
  const value = tally.histogram.quantile(q);
  return Number.isFinite(value) ? value * tally.histogramMsPerUnit : null;
}
