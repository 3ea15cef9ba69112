import { allowedEvents } from '../recommend/lifecycle.js';
import { priorityLabel, priorityOf } from '../recommend/priority.js';
import type { HistoryEntry, RecommendationRecord, ValidationResult } from '../recommend/records.js';

/** The list's validation: state and verdict without the distributions (GET /:id has those). */
function validationSummary(v: ValidationResult | null) {
  if (v === null) return null;
  if (v.state === 'pending') {
    const { state, reason, checkedAt, markerId, intervalsBefore, intervalsAfter, intervalsNeeded } = v;
    return { state, reason, checkedAt, markerId, intervalsBefore, intervalsAfter, intervalsNeeded };
  }
  const { state, verdict, reason, validatedAt, markerId, evidenceGone } = v;
  return { state, verdict, reason, validatedAt, markerId, evidenceGone };
}

/**
 * The API's view of a record: priority (= msSavedPerMinute) with its label, the events allowed now, and the
 * validation in full or summarised. The revision is internal (optimistic locking) and not shown.
 */
export function describeRecommendation(r: RecommendationRecord, { fullValidation }: { fullValidation: boolean }) {
  const priority = priorityOf(r);
  return {
    id: r.id,
    kind: r.kind,
    service: r.service,
    route: r.route,
    key: r.key,
    title: r.title,
    evidence: r.evidence,
    impact: r.impact,
    priority,
    priorityLabel: priorityLabel(priority),
    fix: r.fix,
    status: r.status,
    allowedEvents: allowedEvents(r.status),
    firstSeen: r.firstSeen,
    lastSeen: r.lastSeen,
    detections: r.detections,
    acceptedAt: r.acceptedAt,
    appliedAt: r.appliedAt,
    appliedMarkerId: r.appliedMarkerId,
    validatedAt: r.validatedAt,
    resolvedAt: r.resolvedAt,
    dismissedAt: r.dismissedAt,
    dismissReason: r.dismissReason,
    validation: fullValidation ? r.validation : validationSummary(r.validation),
  };
}

export const describeHistory = ({ at, actor, type, from, to, reason }: HistoryEntry) => ({
  at,
  actor,
  type,
  from,
  to,
  reason,
});
