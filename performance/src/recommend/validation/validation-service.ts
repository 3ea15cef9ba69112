import type { MarkerRepo } from '../../store/recommendation-repos.js';
import type { AnalysisWindow } from '../analysis-input.js';
import { ValidationPendingError } from '../errors.js';
import { INTERVAL_MS, type IntervalReader, type Window } from '../interval-reader.js';
import { IllegalTransitionError, TRANSITIONS, transition } from '../lifecycle.js';
import type { AnalysisInput } from '../recommendation.js';
import type { RecommendationService } from '../recommendation-service.js';
import type {
  IntervalValue,
  Marker,
  RecommendationRecord,
  ValidationResult,
  ValidationThresholds,
} from '../records.js';
import { type AnyDetector, runDetectors, type ThresholdOverrides } from '../run-detectors.js';
import { DEFAULT_VALIDATION_THRESHOLDS, validateAroundMarker } from './verdict.js';
import { comparisonWindows, referenceMarker, targetOf } from './windows.js';

/** The actor of scheduled validations in history entries. */
export const VALIDATION_ACTOR = 'validation';

export interface ValidationServiceDeps {
  records: RecommendationService;
  markers: Pick<MarkerRepo, 'get' | 'list'>;
  intervals: Pick<IntervalReader, 'side'>;
  /** Gathers the after window's input to re-run the recommendation's detector on it. */
  gatherInput: (window: AnalysisWindow) => Promise<AnalysisInput>;
  detectors: readonly AnyDetector[];
  thresholdOverrides?: ThresholdOverrides;
  thresholds?: ValidationThresholds;
  /** Longest before and after window, ms. */
  windowMs?: number;
}

export interface TrackingSeries {
  markerId: string | null;
  markerT: number | null;
  stepMs: number;
  before: IntervalValue[];
  after: IntervalValue[];
}

/**
 * Validation of applied recommendations: before vs after the reference marker (validation/windows.ts), Welch's
 * t-test on 1-minute p50/p95 values (verdict.ts) and a re-run of the detector on the after window.
 */
export function createValidationService({
  records,
  markers,
  intervals,
  gatherInput,
  detectors,
  thresholdOverrides = {},
  thresholds = DEFAULT_VALIDATION_THRESHOLDS,
  windowMs = 3_600_000,
}: ValidationServiceDeps) {
  /** The apply marker (or a stand-in at appliedAt for records applied without one) and its service's neighbours. */
  async function markerContext(record: RecommendationRecord, nowMs: number) {
    const stored = record.appliedMarkerId === null ? null : await markers.get(record.appliedMarkerId);
    const applied: Marker = stored ?? {
      id: record.appliedMarkerId ?? `applied-${record.id}`,
      service: record.service,
      kind: 'manual',
      label: `applied: ${record.title}`,
      version: null,
      t: record.appliedAt ?? nowMs,
      createdBy: VALIDATION_ACTOR,
    };
    const nearby = await markers.list({
      service: record.service,
      fromMs: applied.t - windowMs,
      toMs: Math.max(applied.t, nowMs) + windowMs,
      limit: 1_000,
    });
    const reference = referenceMarker(applied, nearby, nowMs);
    const windows = comparisonWindows({
      marker: reference,
      markers: nearby,
      ignoreIds: [applied.id],
      windowMs,
      stepMs: INTERVAL_MS,
      minIntervals: thresholds.minIntervals,
      nowMs,
    });
    return { reference, windows };
  }

  /** Does the recommendation's detector still find its key in `window`? null when it cannot be told. */
  async function evidenceGone(record: RecommendationRecord, window: Window): Promise<boolean | null> {
    const detector = detectors.find((d) => d.kind === record.kind);
    if (detector === undefined || window.toMs <= window.fromMs) return null;
    const input = await gatherInput({ service: record.service, ...window });
    const run = runDetectors(input, [detector], thresholdOverrides);
    if (run.errors.length > 0) return null;
    return !run.findings.some((f) => f.key === record.key);
  }

  /** Compares around the marker now; stores the result (pending included) and returns it. */
  async function evaluate(record: RecommendationRecord, nowMs: number): Promise<ValidationResult> {
    const { reference, windows } = await markerContext(record, nowMs);
    const target = targetOf(record);
    const [before, after] = await Promise.all([
      intervals.side(record.service, target, { ...windows.before, nowMs }),
      intervals.side(record.service, target, { ...windows.after, nowMs }),
    ]);
    const enough =
      before.intervals.length >= thresholds.minIntervals && after.intervals.length >= thresholds.minIntervals;
    const gone = enough ? await evidenceGone(record, { ...windows.after, nowMs }) : null;
    return validateAroundMarker({ marker: reference, target, before, after, evidenceGone: gone, thresholds, nowMs });
  }

  return {
    /**
     * Validates an applied (or re-validates a validated) recommendation: on a verdict it moves to validated with
     * the result; with too little data it stores the pending result and throws ValidationPendingError (409).
     */
    async validate(id: string, { actor, nowMs }: { actor: string; nowMs: number }): Promise<RecommendationRecord> {
      const record = await records.get(id);
      const rule = TRANSITIONS.validate;
      if (!rule.from.includes(record.status)) throw new IllegalTransitionError('validate', record.status, rule.from);
      const result = await evaluate(record, nowMs);
      if (result.state === 'pending') {
        await records.mutate(id, (fresh) =>
          rule.from.includes(fresh.status)
            ? { record: { ...fresh, validation: result, revision: fresh.revision + 1 }, history: [] }
            : null,
        );
        throw new ValidationPendingError(`validation pending: ${result.reason}`);
      }
      return records.mutate(id, (fresh) => {
        const next = transition(fresh, { event: 'validate', actor, nowMs, reason: result.reason });
        return {
          record: { ...next.record, validation: result },
          history: [{ ...next.entry, type: 'validation' }],
        };
      });
    },

    /** Before/after 1-minute series for the tracking view: around the reference marker once applied, else recent. */
    async series(record: RecommendationRecord, nowMs: number): Promise<TrackingSeries> {
      const target = targetOf(record);
      if (record.appliedAt === null || record.status === 'open' || record.status === 'accepted') {
        const before = await intervals.side(record.service, target, {
          fromMs: Math.floor((nowMs - windowMs) / INTERVAL_MS) * INTERVAL_MS,
          toMs: Math.floor(nowMs / INTERVAL_MS) * INTERVAL_MS,
          nowMs,
        });
        return { markerId: null, markerT: null, stepMs: INTERVAL_MS, before: before.intervals, after: [] };
      }
      const { reference, windows } = await markerContext(record, nowMs);
      const [before, after] = await Promise.all([
        intervals.side(record.service, target, { ...windows.before, nowMs }),
        intervals.side(record.service, target, { ...windows.after, nowMs }),
      ]);
      return {
        markerId: reference.id,
        markerT: reference.t,
        stepMs: INTERVAL_MS,
        before: before.intervals,
        after: after.intervals,
      };
    },

    /** Applied records whose fix has been live for at least `minIntervals` + 1 steps: worth validating now. */
    dueForValidation(record: RecommendationRecord, nowMs: number): boolean {
      return (
        record.status === 'applied' &&
        record.appliedAt !== null &&
        nowMs - record.appliedAt >= (thresholds.minIntervals + 1) * INTERVAL_MS
      );
    },
  };
}

export type ValidationService = ReturnType<typeof createValidationService>;
