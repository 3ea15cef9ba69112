import { RecommendationError } from './errors.js';
import type { RecommendationStatus } from './recommendation.js';
import type { HistoryEntry, RecommendationRecord } from './records.js';

/**
 * The recommendation state machine, one transition function for every move (as Prometheus rules/alerting.go keeps
 * alert state):
 *
 *   open ─accept→ accepted ─apply→ applied ─validate→ validated ─resolve→ resolved
 *     └──────────────┴───────────────┴──────────────────┴─dismiss(reason)→ dismissed
 *   accepted | applied | validated | resolved | dismissed ─reopen→ open
 *
 * `validate` also moves validated → validated (a later, longer comparison replaces the verdict). Anything else is an
 * IllegalTransitionError (409) naming the state and the states the event needs.
 */
export const RECOMMENDATION_EVENTS = ['accept', 'apply', 'validate', 'resolve', 'dismiss', 'reopen'] as const;
export type RecommendationEvent = (typeof RECOMMENDATION_EVENTS)[number];

export const TRANSITIONS: Readonly<
  Record<RecommendationEvent, { from: readonly RecommendationStatus[]; to: RecommendationStatus }>
> = {
  accept: { from: ['open'], to: 'accepted' },
  apply: { from: ['accepted'], to: 'applied' },
  validate: { from: ['applied', 'validated'], to: 'validated' },
  resolve: { from: ['validated'], to: 'resolved' },
  dismiss: { from: ['open', 'accepted', 'applied', 'validated'], to: 'dismissed' },
  reopen: { from: ['accepted', 'applied', 'validated', 'resolved', 'dismissed'], to: 'open' },
};

/** The timestamp field each state sets when entered. */
type StampField = 'acceptedAt' | 'appliedAt' | 'validatedAt' | 'resolvedAt' | 'dismissedAt';
const ENTERED_AT: Partial<Record<RecommendationStatus, StampField>> = {
  accepted: 'acceptedAt',
  applied: 'appliedAt',
  validated: 'validatedAt',
  resolved: 'resolvedAt',
  dismissed: 'dismissedAt',
};

/** A move the state machine does not allow, e.g. apply on an open recommendation: 409 naming the states. */
export class IllegalTransitionError extends RecommendationError {
  constructor(
    readonly event: RecommendationEvent,
    readonly from: RecommendationStatus,
    readonly allowedFrom: readonly RecommendationStatus[],
  ) {
    super(
      409,
      'illegal_transition',
      `cannot ${event} a recommendation that is ${from}: ${event} moves ${allowedFrom.join(' | ')} → ` +
        `${TRANSITIONS[event].to}`,
    );
  }
}

/** A transition's input is wrong (dismiss without a reason). */
export class TransitionInputError extends RecommendationError {
  constructor(message: string) {
    super(400, 'bad_request', message);
  }
}

export interface TransitionInput {
  event: RecommendationEvent;
  /** Token name, `analysis` or `validation`. */
  actor: string;
  nowMs: number;
  /** Why; required for dismiss, recorded in the history for every event. */
  reason?: string;
}

export interface TransitionResult {
  record: RecommendationRecord;
  entry: HistoryEntry;
}

/**
 * Applies `event` to `record`, returning the next record (revision + 1, entered state's timestamp set) and its
 * history entry. Pure: stores nothing, throws IllegalTransitionError / TransitionInputError on a bad move.
 */
export function transition(
  record: RecommendationRecord,
  { event, actor, nowMs, reason }: TransitionInput,
): TransitionResult {
  const rule = TRANSITIONS[event];
  if (!rule.from.includes(record.status)) throw new IllegalTransitionError(event, record.status, rule.from);
  const why = reason?.trim() ?? '';
  if (event === 'dismiss' && why === '') {
    throw new TransitionInputError('dismiss needs a reason, e.g. {"reason": "the query runs once a day"}');
  }
  const next: RecommendationRecord = { ...record, status: rule.to, revision: record.revision + 1 };
  const stamp = ENTERED_AT[rule.to];
  if (stamp !== undefined) next[stamp] = nowMs;
  if (rule.to === 'dismissed') next.dismissReason = why;
  if (event === 'reopen') {
    // A reopened item starts over: its old verdict and dismissal no longer describe it (the history keeps them).
    next.dismissReason = null;
    next.validation = null;
    next.appliedMarkerId = null;
  }
  return {
    record: next,
    entry: {
      recommendationId: record.id,
      at: nowMs,
      actor,
      type: 'status',
      from: record.status,
      to: rule.to,
      reason: why === '' ? event : why,
    },
  };
}

/** The events allowed from `status`, for the API to show which buttons apply. */
export function allowedEvents(status: RecommendationStatus): RecommendationEvent[] {
  return RECOMMENDATION_EVENTS.filter((event) => TRANSITIONS[event].from.includes(status));
}
