import type { Finding, RecommendationStatus, ValidationVerdict } from './recommendation.js';

/**
 * What the store keeps for recommendations, markers and validations. Shapes are the API's, so the HTTP layer only
 * adds derived fields (priority label) and never renames.
 */

export const MARKER_KINDS = ['deploy', 'manual'] as const;
export type MarkerKind = (typeof MARKER_KINDS)[number];

/**
 * A point in time where a service changed: a deploy (a new `service.version`, or posted by CI) or a manual note
 * (e.g. "applied: add index on orders.user_id"). Validation compares before and after a marker.
 */
export interface Marker {
  id: string;
  service: string;
  kind: MarkerKind;
  label: string;
  version: string | null;
  /** When the change took effect, unix ms. */
  t: number;
  /** Who created it: a token name, or `version-watcher` for markers from resource attributes. */
  createdBy: string;
}

/** One step of the compared series: the interval start and its latency quantiles, ms. */
export interface IntervalValue {
  t: number;
  p50Ms: number;
  p95Ms: number;
  requests: number;
}

/** A chartable bucket of a merged latency histogram: `count` observations in (lowerMs, upperMs]. */
export interface HistogramBucket {
  lowerMs: number;
  upperMs: number;
  count: number;
}

export interface ValidationSide {
  fromMs: number;
  toMs: number;
  /** One value per 1-minute interval holding data. */
  intervals: IntervalValue[];
  /** The merged latency histogram over [fromMs, toMs), re-bucketed for charts. */
  histogram: HistogramBucket[];
  count: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

/** Welch's t-test of per-interval values after vs before. */
export interface ComparisonTest {
  meanBeforeMs: number;
  meanAfterMs: number;
  /** (after − before) / before: −0.25 is 25 % faster. */
  relativeChange: number;
  t: number;
  df: number;
  pValue: number;
  /** p < alpha and |relativeChange| ≥ minRelativeChange. */
  significant: boolean;
  /** 95 % bootstrap confidence interval of meanAfter − meanBefore, ms. */
  differenceCi95Ms: [number, number];
}

/** What is compared: a route's requests, a statement's executions, or all of the service's requests. */
export type ValidationTarget =
  | { type: 'route'; method: string | null; route: string | null }
  | { type: 'statement'; statement: string }
  | { type: 'service' };

export interface CompletedValidation {
  state: 'done';
  verdict: ValidationVerdict;
  /** Why the verdict: one sentence naming the test that decided it. */
  reason: string;
  validatedAt: number;
  markerId: string;
  markerT: number;
  target: ValidationTarget;
  before: ValidationSide;
  after: ValidationSide;
  tests: { p95: ComparisonTest; p50: ComparisonTest };
  /** The detector no longer finds this key in the after window; null when the detector could not be re-run. */
  evidenceGone: boolean | null;
  thresholds: ValidationThresholds;
}

/** Not enough data yet: no verdict is guessed. */
export interface PendingValidation {
  state: 'pending';
  reason: string;
  checkedAt: number;
  markerId: string | null;
  markerT: number | null;
  intervalsBefore: number;
  intervalsAfter: number;
  intervalsNeeded: number;
}

export type ValidationResult = CompletedValidation | PendingValidation;

export interface ValidationThresholds {
  /** Significance level of Welch's t-test. */
  alpha: number;
  /** Smallest |relative change| of the mean that counts, e.g. 0.1 for 10 %. */
  minRelativeChange: number;
  /** 1-minute intervals with data needed on each side. */
  minIntervals: number;
}

/**
 * One recommendation: a Finding deduplicated by (kind, service, key), with its lifecycle state. Event timestamps
 * (unix ms) are set when the state is entered and kept afterwards, as alert state keeps activeAt/firedAt.
 */
export interface RecommendationRecord extends Finding {
  id: string;
  status: RecommendationStatus;
  firstSeen: number;
  lastSeen: number;
  /** Times the analysis found it (1 on creation). */
  detections: number;
  acceptedAt: number | null;
  appliedAt: number | null;
  /** The marker `apply` created; validation compares around it (or around the first deploy after it). */
  appliedMarkerId: string | null;
  validatedAt: number | null;
  resolvedAt: number | null;
  dismissedAt: number | null;
  dismissReason: string | null;
  validation: ValidationResult | null;
  /** Optimistic-concurrency counter: each stored change increments it; a save expecting an older one fails. */
  revision: number;
}

export type HistoryType = 'status' | 'detected' | 'validation';

/**
 * One line of a recommendation's history: a status change (from → to), a (re-)detection (from = to = status), or
 * a validation run. `actor` is a token name, `analysis` or `validation` for the scheduled runs.
 */
export interface HistoryEntry {
  recommendationId: string;
  at: number;
  actor: string;
  type: HistoryType;
  from: RecommendationStatus | null;
  to: RecommendationStatus;
  reason: string;
}
