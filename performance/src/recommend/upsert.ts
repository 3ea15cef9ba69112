import { transition } from './lifecycle.js';
import type { Finding } from './recommendation.js';
import type { HistoryEntry, RecommendationRecord } from './records.js';

/** Example trace ids kept per finding (the contract promises at most 5). */
const MAX_EXAMPLE_TRACES = 5;

/** The actor named in history entries the scheduled analysis writes. */
export const ANALYSIS_ACTOR = 'analysis';

const finiteOr0 = (n: number) => (Number.isFinite(n) && n > 0 ? n : 0);

/**
 * A finding as stored: impact clamped to finite, non-negative ms (a detector bug must not poison the ranking),
 * at most 5 example trace ids.
 */
export function normalizeFinding(finding: Finding): Finding {
  const exampleTraceIds = Array.isArray(finding.evidence.exampleTraceIds)
    ? finding.evidence.exampleTraceIds.filter((id) => typeof id === 'string').slice(0, MAX_EXAMPLE_TRACES)
    : [];
  return {
    ...finding,
    evidence: { ...finding.evidence, exampleTraceIds },
    impact: {
      msSavedPerRequest: finiteOr0(finding.impact.msSavedPerRequest),
      msSavedPerMinute: finiteOr0(finding.impact.msSavedPerMinute),
    },
  };
}

/** One finding per (kind, service, key): when a run reports a key twice, the larger impact wins. */
export function dedupeFindings(findings: readonly Finding[]): Finding[] {
  const byKey = new Map<string, Finding>();
  for (const raw of findings) {
    const finding = normalizeFinding(raw);
    const id = JSON.stringify([finding.kind, finding.service, finding.key]);
    const seen = byKey.get(id);
    if (seen === undefined || finding.impact.msSavedPerMinute > seen.impact.msSavedPerMinute) byKey.set(id, finding);
  }
  return [...byKey.values()];
}

export interface UpsertResult {
  record: RecommendationRecord;
  history: HistoryEntry[];
}

/** The record for a finding seen for the first time: open, revision 1. */
export function createRecord(finding: Finding, id: string, nowMs: number): UpsertResult {
  const record: RecommendationRecord = {
    ...normalizeFinding(finding),
    id,
    status: 'open',
    firstSeen: nowMs,
    lastSeen: nowMs,
    detections: 1,
    acceptedAt: null,
    appliedAt: null,
    appliedMarkerId: null,
    validatedAt: null,
    resolvedAt: null,
    dismissedAt: null,
    dismissReason: null,
    validation: null,
    revision: 1,
  };
  const entry: HistoryEntry = {
    recommendationId: id,
    at: nowMs,
    actor: ANALYSIS_ACTOR,
    type: 'detected',
    from: null,
    to: 'open',
    reason: `detected: ${finding.title}`,
  };
  return { record, history: [entry] };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * A re-detection: the finding's evidence, impact, title, fix and route replace the stored ones and lastSeen moves;
 * the status stays (a dismissed item stays dismissed) except resolved, which reopens: the problem came back.
 */
export function mergeFinding(record: RecommendationRecord, finding: Finding, nowMs: number): UpsertResult {
  const f = normalizeFinding(finding);
  const merged: RecommendationRecord = {
    ...record,
    route: f.route,
    title: f.title,
    evidence: f.evidence,
    impact: f.impact,
    fix: f.fix,
    lastSeen: Math.max(record.lastSeen, nowMs),
    detections: record.detections + 1,
    revision: record.revision + 1,
  };
  const history: HistoryEntry[] = [
    {
      recommendationId: record.id,
      at: nowMs,
      actor: ANALYSIS_ACTOR,
      type: 'detected',
      from: record.status,
      to: record.status,
      reason:
        `re-detected: msSavedPerMinute ${round(record.impact.msSavedPerMinute)} → ${round(f.impact.msSavedPerMinute)}` +
        `, msSavedPerRequest ${round(record.impact.msSavedPerRequest)} → ${round(f.impact.msSavedPerRequest)}`,
    },
  ];
  if (record.status !== 'resolved') return { record: merged, history };
  const reopened = transition(merged, {
    event: 'reopen',
    actor: ANALYSIS_ACTOR,
    nowMs,
    reason: 'detected again after it was resolved',
  });
  // One stored change: the reopen's revision bump is folded into the merge's.
  return { record: { ...reopened.record, revision: merged.revision }, history: [...history, reopened.entry] };
}
