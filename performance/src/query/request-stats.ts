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
 * Satisfied/tolerating come from one merged histogram per unit (two countAtOrBelow walks per group, not per series).
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

interface UnitGroup {
  /** Non-error series first, then errors merged in: apdex reads it in between. */
  ok: ExponentialHistogram[];
  errors: ExponentialHistogram[];
  count: number;
}

/**
 * Tallies requests. Apdex follows Datadog and New Relic: requests answered with status ≥ 500 are frustrated
 * whatever their latency, so a fast failing endpoint does not look healthy.
 *
 * Per unit (histograms in different units cannot merge) the non-error histograms are merged into one copy, apdex is
 * read from it, then the error histograms are merged in for quantiles: one merge per series, two countAtOrBelow
 * walks per unit. Quantiles come from the unit holding the most requests.
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
  const byUnit = new Map<number, UnitGroup>();
  for (const { series, aggregate } of items) {
    if (aggregate.count <= 0) continue;
    const factor = msPerUnit(series.unit);
    const error = isServerError(series.attributes);
    tally.requests += aggregate.count;
    if (error) tally.errors += aggregate.count;
    tally.maxMs = Math.max(tally.maxMs ?? Number.NEGATIVE_INFINITY, aggregate.max * factor);
    if (aggregate.histogram === null) continue;
    let group = byUnit.get(factor);
    if (group === undefined) {
      group = { ok: [], errors: [], count: 0 };
      byUnit.set(factor, group);
    }
    (error ? group.errors : group.ok).push(aggregate.histogram);
    group.count += aggregate.count;
  }
  let best = 0;
  for (const [factor, group] of byUnit) {
    const merged = mergeAll(group.ok);
    if (merged !== null) {
      const satisfied = merged.countAtOrBelow(apdexThresholdMs / factor);
      tally.satisfied += satisfied;
      tally.tolerating += merged.countAtOrBelow((4 * apdexThresholdMs) / factor) - satisfied;
    }
    if (group.count > best) {
      best = group.count;
      tally.histogram = merged === null ? mergeAll(group.errors) : mergeInto(merged, group.errors);
      tally.histogramMsPerUnit = factor;
    }
  }
  if (tally.maxMs !== null && !Number.isFinite(tally.maxMs)) tally.maxMs = null;
  return tally;
}

/** A new histogram holding all of `parts` (which are left unchanged); null for none. */
function mergeAll(parts: readonly ExponentialHistogram[]): ExponentialHistogram | null {
  const [first, ...rest] = parts;
  return first === undefined ? null : mergeInto(first.clone(), rest);
}

function mergeInto(target: ExponentialHistogram, parts: readonly ExponentialHistogram[]): ExponentialHistogram {
  for (const part of parts) target.merge(part);
  return target;
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
