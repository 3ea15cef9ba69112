import type { ValidationVerdict } from '../recommendation.js';
import type {
  ComparisonTest,
  Marker,
  ValidationResult,
  ValidationSide,
  ValidationTarget,
  ValidationThresholds,
} from '../records.js';
import { bootstrapMeanDifferenceCi, welchTTest } from './statistics.js';

/** p < 0.01 and a ≥ 10 % change of the mean per-interval value, with ≥ 10 one-minute intervals on each side. */
export const DEFAULT_VALIDATION_THRESHOLDS: ValidationThresholds = {
  alpha: 0.01,
  minRelativeChange: 0.1,
  minIntervals: 10,
};

/** Welch's t-test of `after` vs `before` plus the ≥ minRelativeChange rule; null with fewer than 2 values a side. */
export function compareIntervals(
  before: readonly number[],
  after: readonly number[],
  { alpha, minRelativeChange }: ValidationThresholds,
): ComparisonTest | null {
  const test = welchTTest(before, after);
  if (test === null) return null;
  const relativeChange = test.meanA > 0 ? (test.meanB - test.meanA) / test.meanA : 0;
  return {
    meanBeforeMs: test.meanA,
    meanAfterMs: test.meanB,
    relativeChange,
    t: test.t,
    df: test.df,
    pValue: test.pValue,
    significant: test.pValue < alpha && Math.abs(relativeChange) >= minRelativeChange,
    differenceCi95Ms: bootstrapMeanDifferenceCi(before, after),
  };
}

const percent = (ratio: number) => `${ratio >= 0 ? '+' : '−'}${Math.abs(Math.round(ratio * 1000) / 10)} %`;
const describe = (name: string, c: ComparisonTest) =>
  `${name} ${Math.round(c.meanBeforeMs * 10) / 10} → ${Math.round(c.meanAfterMs * 10) / 10} ms ` +
  `(${percent(c.relativeChange)}, p = ${c.pValue < 1e-4 ? c.pValue.toExponential(1) : c.pValue.toFixed(4)})`;

/**
 * regressed when p95 or p50 got significantly slower; improved when either got significantly faster and neither
 * slower; unchanged otherwise. A vanished pattern (`evidenceGone`) is reported beside the verdict, never instead of
 * it: a fix that removes the pattern without moving latency did not make anything faster.
 */
export function decideVerdict(
  tests: { p95: ComparisonTest; p50: ComparisonTest },
  evidenceGone: boolean | null,
): { verdict: ValidationVerdict; reason: string } {
  const { p95, p50 } = tests;
  const slower = [p95, p50].some((c) => c.significant && c.relativeChange > 0);
  const faster = [p95, p50].some((c) => c.significant && c.relativeChange < 0);
  const verdict: ValidationVerdict = slower ? 'regressed' : faster ? 'improved' : 'unchanged';
  const evidence =
    evidenceGone === null
      ? ''
      : evidenceGone
        ? '; the detector no longer finds the pattern'
        : '; the detector still finds the pattern';
  return { verdict, reason: `${verdict}: ${describe('p95', p95)}, ${describe('p50', p50)}${evidence}` };
}

export interface ValidationInput {
  marker: Marker;
  target: ValidationTarget;
  before: ValidationSide;
  after: ValidationSide;
  evidenceGone: boolean | null;
  thresholds?: ValidationThresholds;
  nowMs: number;
}

/**
 * The verdict for before/after data around a marker, or a pending result naming what is missing when either side
 * has fewer than `minIntervals` intervals with data: no verdict is guessed from too little.
 */
export function validateAroundMarker({
  marker,
  target,
  before,
  after,
  evidenceGone,
  thresholds = DEFAULT_VALIDATION_THRESHOLDS,
  nowMs,
}: ValidationInput): ValidationResult {
  const need = thresholds.minIntervals;
  const nBefore = before.intervals.length;
  const nAfter = after.intervals.length;
  const p95 = compareIntervals(
    before.intervals.map((i) => i.p95Ms),
    after.intervals.map((i) => i.p95Ms),
    thresholds,
  );
  const p50 = compareIntervals(
    before.intervals.map((i) => i.p50Ms),
    after.intervals.map((i) => i.p50Ms),
    thresholds,
  );
  if (nBefore < need || nAfter < need || p95 === null || p50 === null) {
    const short = [nBefore < need ? `${nBefore} before` : '', nAfter < need ? `${nAfter} after` : '']
      .filter((s) => s !== '')
      .join(' and ');
    return {
      state: 'pending',
      reason: `needs ${need} one-minute intervals with requests on each side of marker ${marker.id}; has ${short}`,
      checkedAt: nowMs,
      markerId: marker.id,
      markerT: marker.t,
      intervalsBefore: nBefore,
      intervalsAfter: nAfter,
      intervalsNeeded: need,
    };
  }
  const { verdict, reason } = decideVerdict({ p95, p50 }, evidenceGone);
  return {
    state: 'done',
    verdict,
    reason,
    validatedAt: nowMs,
    markerId: marker.id,
    markerT: marker.t,
    target,
    before,
    after,
    tests: { p95, p50 },
    evidenceGone,
    thresholds,
  };
}
