import type { ObservedFinding } from './score.js';
import type { SeededMistake } from './seeded-mistakes.js';
import type { ComparisonView, StrideApi } from './stride-api.js';

/** One applied recommendation's validation, flattened for the report. */
export interface ValidationRow {
  recommendationId: string;
  mistakeId: string;
  kind: string;
  /** What was compared: the route, else the statement, else the whole service. */
  target: string;
  state: 'done' | 'pending';
  verdict: string | null;
  reason: string;
  /** Merged latency over each whole side, ms. */
  before: { requests: number; p50Ms: number | null; p95Ms: number | null; intervals: number } | null;
  after: { requests: number; p50Ms: number | null; p95Ms: number | null; intervals: number } | null;
  /** Welch's t-test of the per-minute values. */
  p95: ComparisonView | null;
  p50: ComparisonView | null;
  evidenceGone: boolean | null;
}

/** Validates each applied recommendation (once each) through the API and reads the verdicts back. */
export async function validationRows(
  api: StrideApi,
  applied: readonly { mistake: SeededMistake; finding: ObservedFinding }[],
): Promise<ValidationRow[]> {
  const rows: ValidationRow[] = [];
  const seen = new Set<string>();
  for (const { mistake, finding } of applied) {
    if (seen.has(finding.recommendationId)) continue;
    seen.add(finding.recommendationId);
    const target = finding.route ?? (finding.statement ? `statement ${finding.statement}` : 'service');
    const base = { recommendationId: finding.recommendationId, mistakeId: mistake.id, kind: finding.kind, target };
    const answer = await api.validate(finding.recommendationId);
    const validation = 'record' in answer ? answer.record.validation : null;
    if (validation?.state !== 'done') {
      const reason = 'pending' in answer ? answer.pending : (validation?.reason ?? 'no validation stored');
      rows.push({
        ...base,
        state: 'pending',
        verdict: null,
        reason,
        before: null,
        after: null,
        p95: null,
        p50: null,
        evidenceGone: null,
      });
      continue;
    }
    const side = (s: NonNullable<typeof validation.before>) => ({
      requests: s.count,
      p50Ms: s.p50Ms,
      p95Ms: s.p95Ms,
      intervals: s.intervals.length,
    });
    rows.push({
      ...base,
      state: 'done',
      verdict: validation.verdict ?? null,
      reason: validation.reason,
      before: validation.before ? side(validation.before) : null,
      after: validation.after ? side(validation.after) : null,
      p95: validation.tests?.p95 ?? null,
      p50: validation.tests?.p50 ?? null,
      evidenceGone: validation.evidenceGone ?? null,
    });
  }
  return rows;
}
