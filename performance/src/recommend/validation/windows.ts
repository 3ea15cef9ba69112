import { parseRouteKey } from '../interval-reader.js';
import type { Marker, RecommendationRecord, ValidationTarget } from '../records.js';

/** What a recommendation's fix should change: its route, else its statement, else the whole service's requests. */
export function targetOf(record: Pick<RecommendationRecord, 'route' | 'evidence'>): ValidationTarget {
  if (record.route !== null && record.route.trim() !== '') {
    return { type: 'route', ...parseRouteKey(record.route) };
  }
  const statement = record.evidence['statement'];
  if (typeof statement === 'string' && statement !== '') return { type: 'statement', statement };
  return { type: 'service' };
}

/**
 * The marker a fix is judged around: the first deploy of the service after the apply marker (the fix went live
 * then), else the apply marker itself (its `t` says when it took effect).
 */
export function referenceMarker(applied: Marker, later: readonly Marker[], nowMs: number): Marker {
  const deploy = later
    .filter((m) => m.kind === 'deploy' && m.service === applied.service && m.t > applied.t && m.t <= nowMs)
    .sort((a, b) => a.t - b.t || a.id.localeCompare(b.id))[0];
  return deploy ?? applied;
}

export interface ComparisonWindows {
  before: { fromMs: number; toMs: number };
  after: { fromMs: number; toMs: number };
}

export interface WindowOptions {
  marker: Marker;
  /** The service's other markers near it (any order); the marker itself and `ignoreIds` are skipped. */
  markers: readonly Marker[];
  ignoreIds?: readonly string[];
  /** Longest side, ms. */
  windowMs: number;
  stepMs: number;
  /** Intervals a side needs; a neighbouring marker only bounds a side if it leaves this many. */
  minIntervals: number;
  nowMs: number;
}

/**
 * Before = up to `windowMs` ending at the marker, after = up to `windowMs` from it (never past now), both trimmed to
 * whole steps so the step holding the marker (part old, part new) is in neither. Another change close by would
 * blur the comparison, so the previous marker bounds `before` and the next one bounds `after` — unless that would
 * leave fewer than `minIntervals` steps, in which case the side keeps its full length (better a blurred comparison
 * than one that never gets data).
 * Example: marker at 12:30:20, window 30 min, previous marker 12:10 → before [12:10, 12:30), after [12:31, 13:00).
 */
export function comparisonWindows({
  marker,
  markers,
  ignoreIds = [],
  windowMs,
  stepMs,
  minIntervals,
  nowMs,
}: WindowOptions): ComparisonWindows {
  const others = markers.filter((m) => m.id !== marker.id && !ignoreIds.includes(m.id));
  const floor = (t: number) => Math.floor(t / stepMs) * stepMs;
  const ceil = (t: number) => Math.ceil(t / stepMs) * stepMs;
  const minSpanMs = minIntervals * stepMs;

  const beforeTo = floor(marker.t);
  let beforeFrom = ceil(marker.t - windowMs);
  const previous = Math.max(...others.filter((m) => m.t < marker.t).map((m) => m.t));
  if (Number.isFinite(previous) && ceil(previous) > beforeFrom && beforeTo - ceil(previous) >= minSpanMs) {
    beforeFrom = ceil(previous);
  }

  const afterFrom = ceil(marker.t);
  let afterTo = floor(Math.min(marker.t + windowMs, nowMs));
  const next = Math.min(...others.filter((m) => m.t > marker.t).map((m) => m.t));
  if (Number.isFinite(next) && floor(next) < afterTo && floor(next) - afterFrom >= minSpanMs) afterTo = floor(next);

  return {
    before: { fromMs: beforeFrom, toMs: Math.max(beforeFrom, beforeTo) },
    after: { fromMs: afterFrom, toMs: Math.max(afterFrom, afterTo) },
  };
}
