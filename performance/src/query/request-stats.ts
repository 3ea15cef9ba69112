import type { ExponentialHistogram } from '@stride/agent';
import type { Aggregate, SeriesRef } from '../store/store.js';
import { isServerError, msPerUnit } from './semconv.js';

/** One stored series of `http.server.request.duration` with its data over a range or one step. */
export interface SeriesAggregate {
  series: SeriesRef;
  aggregate: Aggregate;
}

/**
 * Counts over a set of request-duration series, the common ground for every request statistic.
 * Apdex counts are summed per series (countAtOrBelow is additive) rather than read from a merged histogram,
 * so they do not lose resolution when merging downscales.
 */
export interface RequestTally {
  requests: number;
  errors: number;
  /** Non-error requests at or below T. */
  satisfied: number;
  /** Non-error requests above T and at or below 4T. */
  tolerating: number;
  maxMs: number | null;
  /** Merged distribution (in `histogramMsPerUnit` units) for quantiles; null when no histogram data. */
  histogram: ExponentialHistogram | null;
  histogramMsPerUnit: number;
}

/**
 * Tallies requests. Apdex follows Datadog and New Relic: requests answered with status ≥ 500 are frustrated
 * whatever their latency, so a fast failing endpoint does not look healthy.
 */
export function tallyRequests(items: readonly SeriesAggregate[], apdexThresholdMs: number): RequestTally {
  const tally: RequestTally = {
    requests: 0,
    errors: 0,
    satisfied: 0,
    tolerating: 0,
    maxMs: null,
    histogram: null,
    histogramMsPerUnit: 1,
  };
  // Histograms in different units cannot merge; quantiles come from the unit holding the most requests.
  const byUnit = new Map<number, { histogram: ExponentialHistogram; count: number }>();
  for (const { series, aggregate } of items) {
    if (aggregate.count <= 0) continue;
    const factor = msPerUnit(series.unit);
    tally.requests += aggregate.count;
    tally.maxMs = Math.max(tally.maxMs ?? Number.NEGATIVE_INFINITY, aggregate.max * factor);
    if (isServerError(series.attributes)) {
      tally.errors += aggregate.count;
    } else if (aggregate.histogram) {
      const satisfied = aggregate.histogram.countAtOrBelow(apdexThresholdMs / factor);
      const withinFourT = aggregate.histogram.countAtOrBelow((4 * apdexThresholdMs) / factor);
      tally.satisfied += satisfied;
      tally.tolerating += withinFourT - satisfied;
    }
    if (aggregate.histogram) {
      const entry = byUnit.get(factor);
      if (entry) {
        entry.histogram.merge(aggregate.histogram);
        entry.count += aggregate.count;
      } else {
        byUnit.set(factor, { histogram: aggregate.histogram.clone(), count: aggregate.count });
      }
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
  if (tally.maxMs !== null && !Number.isFinite(tally.maxMs)) tally.maxMs = null;
  return tally;
}

/** Latency at quantile q ∈ [0, 1] in ms; null without data. */
export function quantileMs(tally: RequestTally, q: number): number | null {
  if (!tally.histogram || tally.histogram.count === 0) return null;
  const value = tally.histogram.quantile(q);
  return Number.isFinite(value) ? value * tally.histogramMsPerUnit : null;
}

/** Fraction of requests with status ≥ 500; null without requests. */
export function errorRate(tally: RequestTally): number | null {
  return tally.requests > 0 ? tally.errors / tally.requests : null;
}

/** (satisfied + tolerating / 2) / total, in [0, 1]; null without requests. */
export function apdex(tally: RequestTally): number | null {
  if (tally.requests === 0) return null;
  return Math.min(1, (tally.satisfied + tally.tolerating / 2) / tally.requests);
}

/** Requests per second over `rangeMs`. */
export function requestRate(tally: RequestTally, rangeMs: number): number {
  return rangeMs > 0 ? tally.requests / (rangeMs / 1_000) : 0;
}

export interface RequestStats {
  requests: number;
  /** Per second. */
  requestRate: number;
  errorRate: number | null;
  apdex: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

export function requestStats(tally: RequestTally, rangeMs: number): RequestStats {
  return {
    requests: tally.requests,
    requestRate: requestRate(tally, rangeMs),
    errorRate: errorRate(tally),
    apdex: apdex(tally),
    p50Ms: quantileMs(tally, 0.5),
    p95Ms: quantileMs(tally, 0.95),
    p99Ms: quantileMs(tally, 0.99),
    maxMs: tally.maxMs,
  };
}

/** Groups items by a key, keeping first-seen order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
