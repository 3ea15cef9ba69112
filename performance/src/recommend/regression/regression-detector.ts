import type { SpanRecord } from '../../ingest/spans.js';
import { ATTR_METHOD, ATTR_ROUTE } from '../../query/semconv.js';
import type { AnalysisInput, Detector, Finding, RouteLatencySeries } from '../recommendation.js';
import type { IntervalValue, Marker } from '../records.js';
import { welchTTest } from '../validation/statistics.js';
import { changePoints, type Split } from './change-point.js';

/**
 * Regression thresholds. A change counts when significant (Welch's t on 1-minute p95 values, p < alpha after the
 * change-point correction) and both ≥ minRelativeChange and ≥ minAbsoluteChangeMs slower: +20 % on a 2 ms route is
 * noise to a user, +5 ms on a 900 ms route is too.
 */
export const REGRESSION_DEFAULTS = {
  alpha: 0.01,
  minRelativeChange: 0.2,
  minAbsoluteChangeMs: 5,
  /** Fewest 1-minute intervals on each side of a change. */
  minSegment: 5,
  /** Intervals with fewer requests are left out: one slow request is not a p95. */
  minRequestsPerInterval: 1,
};
export type RegressionThresholds = typeof REGRESSION_DEFAULTS;

const round = (ms: number) => Math.round(ms * 10) / 10;
const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;

/** The nearest marker at or before the change's interval that is not older than the stable level before it. */
function nearestMarker(markers: readonly Marker[], sinceMs: number, changeEndMs: number): Marker | null {
  let best: Marker | null = null;
  for (const m of markers) {
    if (m.t >= sinceMs && m.t < changeEndMs && (best === null || m.t >= best.t)) best = m;
  }
  return best;
}

/** Up to 5 of the slowest sampled requests of the route since the change, as evidence to open. */
function exampleTraces(input: AnalysisInput, series: RouteLatencySeries, sinceMs: number): string[] {
  const roots: SpanRecord[] = [];
  for (const spans of input.traces) {
    const root = spans.find((s) => s.parentSpanId === null && s.service === input.service);
    if (root === undefined || root.startMs < sinceMs) continue;
    if ((root.attributes[ATTR_ROUTE] ?? null) !== series.route) continue;
    if ((root.attributes[ATTR_METHOD] ?? null) !== series.method) continue;
    roots.push(root);
  }
  return roots
    .sort((a, b) => b.durationMs - a.durationMs)
    .slice(0, 5)
    .map((r) => r.traceId);
}

interface Change {
  before: IntervalValue[];
  after: IntervalValue[];
  p95Before: number;
  p95After: number;
  pValue: number;
}

/**
 * Drops change points whose neighbouring segments differ by less than the minimum change (either way), smallest
 * first, so a statistically significant but tiny wobble does not cut a real level in two.
 * Example: levels 50 | 80 | 130 ± 1 with a spurious split inside the 130 level → that split goes, 50 | 80 | 130 stay.
 */
function meaningful(p95: readonly number[], splits: Split[], th: RegressionThresholds): Split[] {
  const kept = [...splits];
  for (;;) {
    const bounds = [0, ...kept.map((s) => s.index), p95.length];
    let weakest = -1;
    let weakestChange = Number.POSITIVE_INFINITY;
    for (let k = 1; k <= kept.length; k++) {
      const before = mean(p95.slice(bounds[k - 1], bounds[k]));
      const after = mean(p95.slice(bounds[k], bounds[k + 1]));
      const change = Math.abs(after - before);
      const passes = change >= th.minAbsoluteChangeMs && change >= th.minRelativeChange * Math.min(before, after);
      if (!passes && change < weakestChange) {
        weakest = k - 1;
        weakestChange = change;
      }
    }
    if (weakest < 0) return kept;
    kept.splice(weakest, 1);
  }
}

/** The latest significant slowdown in one route's p95 series, comparing the segments either side of it. */
function latestSlowdown(values: readonly IntervalValue[], th: RegressionThresholds): Change | null {
  const p95 = values.map((v) => v.p95Ms);
  const splits = meaningful(p95, changePoints(p95, { alpha: th.alpha, minSegment: th.minSegment }), th);
  const bounds = [0, ...splits.map((s) => s.index), values.length];
  for (let k = splits.length; k >= 1; k--) {
    const before = values.slice(bounds[k - 1], bounds[k]);
    const after = values.slice(bounds[k], bounds[k + 1]);
    const test = welchTTest(
      before.map((v) => v.p95Ms),
      after.map((v) => v.p95Ms),
    );
    if (test === null) continue;
    const increase = test.meanB - test.meanA;
    const relative = test.meanA > 0 ? increase / test.meanA : Number.POSITIVE_INFINITY;
    if (increase >= th.minAbsoluteChangeMs && relative >= th.minRelativeChange) {
      return { before, after, p95Before: test.meanA, p95After: test.meanB, pValue: splits[k - 1]!.correctedP };
    }
  }
  return null;
}

function findingFor(input: AnalysisInput, series: RouteLatencySeries, change: Change): Finding {
  const route = `${series.method ?? ''} ${series.route ?? ''}`;
  const changeAt = change.after[0]!.t;
  const marker = nearestMarker(input.markers ?? [], change.before[0]!.t, changeAt + series.stepMs);
  const relative = (change.p95After - change.p95Before) / change.p95Before;
  const p50Shift = mean(change.after.map((v) => v.p50Ms)) - mean(change.before.map((v) => v.p50Ms));
  // Mean shift per request ≈ the average of the p50 and p95 shifts (a tail-only slowdown counts half).
  const msPerRequest = Math.max(0, (Math.max(0, p50Shift) + (change.p95After - change.p95Before)) / 2);
  const afterMinutes = (change.after.length * series.stepMs) / 60_000;
  const requestsPerMinute = change.after.reduce((n, v) => n + v.requests, 0) / afterMinutes;
  const cause = marker === null ? '' : ` after ${marker.kind} ${marker.version ?? marker.label}`;
  return {
    kind: 'regression',
    service: input.service,
    route,
    // One record per route and causing change: a regression that persists is re-detected into the same record.
    key: marker === null ? route : `${route} @ ${marker.id}`,
    title: `${route} p95 regressed ${round(change.p95Before)} → ${round(change.p95After)} ms (+${Math.round(relative * 100)} %)${cause}`,
    evidence: {
      exampleTraceIds: exampleTraces(input, series, changeAt),
      p95BeforeMs: round(change.p95Before),
      p95AfterMs: round(change.p95After),
      relativeChange: Math.round(relative * 1000) / 1000,
      pValue: change.pValue,
      changeAt,
      intervalsBefore: change.before.length,
      intervalsAfter: change.after.length,
      markerId: marker?.id ?? null,
      markerVersion: marker?.version ?? null,
      markerLabel: marker?.label ?? null,
      markerT: marker?.t ?? null,
    },
    impact: { msSavedPerRequest: msPerRequest, msSavedPerMinute: msPerRequest * requestsPerMinute },
    fix: {
      text:
        marker === null
          ? `p95 of ${route} rose at ${new Date(changeAt).toISOString()} with no marker before it. Look for what ` +
            'changed then (a deploy without service.version, config, data growth, a dependency) in the example traces.'
          : `p95 of ${route} rose right after ${marker.kind} marker "${marker.label}"${marker.version ? ` (version ${marker.version})` : ''}. ` +
            'Compare the slow example traces with older ones and review the changes in that deploy; roll back if it hurts users.',
      code: marker?.version ? `git log --oneline <previous version>..${marker.version}` : '',
      language: 'text',
    },
  };
}

/**
 * Regressions: per route, change points of the 1-minute p95 series (binary segmentation by Welch's t), keeping the
 * latest significant slowdown, linked to the nearest preceding deploy or manual marker.
 */
export const regressionDetector: Detector<RegressionThresholds> = {
  kind: 'regression',
  defaults: REGRESSION_DEFAULTS,
  detect(input, thresholds) {
    const th = { ...REGRESSION_DEFAULTS, ...thresholds };
    const findings: Finding[] = [];
    for (const series of input.routeLatency ?? []) {
      const values = series.intervals.filter((v) => v.requests >= th.minRequestsPerInterval);
      const change = latestSlowdown(values, th);
      if (change !== null) findings.push(findingFor(input, series, change));
    }
    return findings;
  },
};
