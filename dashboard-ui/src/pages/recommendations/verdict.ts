// The validation verdict in words: "Improved: p95 101 → 50.4 ms (−50.2 %, p = 3.1e-12)". The numbers come from
// the server's Welch t-test (docs/recommendations.md "Validation"); this only phrases them.
import { formatMs, formatPercent, NO_DATA } from '../../lib/format.js';
import { type ComparisonTest, isDoneValidation, type Recommendation } from './recommendation-types.js';

/** A relative change with its sign: −0.502 → `−50.2 %`, 0.25 → `+25 %`. */
export function formatChange(relative: number | null | undefined): string {
  if (relative === null || relative === undefined || !Number.isFinite(relative)) return NO_DATA;
  const text = formatPercent(Math.abs(relative));
  if (relative === 0 || text === '0 %') return '±0 %';
  return `${relative > 0 ? '+' : '−'}${text}`;
}

/**
 * A p-value as papers print it: two significant digits, exponent form below 0.001 (3.1e-12). A double cannot hold
 * a two-sided p below ~1e-16 away from 0, so 0 is shown as that bound rather than as "0".
 */
export function formatPValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return NO_DATA;
  if (p <= 0) return '< 1e-16';
  if (p < 0.001) return p.toExponential(1);
  return p.toPrecision(2);
}

/** `p95 101 ms → 50.4 ms (−50.2 %, p = 3.1e-12)`; "significant" is the server's call (p < α and |Δ| ≥ minimum). */
export function describeTest(name: string, test: ComparisonTest): string {
  return (
    `${name} ${formatMs(test.meanBeforeMs)} → ${formatMs(test.meanAfterMs)} ` +
    `(${formatChange(test.relativeChange)}, p = ${formatPValue(test.pValue)})`
  );
}

export type VerdictTone = 'green' | 'red' | 'muted' | 'amber';

export interface VerdictSummary {
  /** improved / unchanged / regressed / pending / none. */
  state: 'improved' | 'unchanged' | 'regressed' | 'pending' | 'none';
  label: string;
  tone: VerdictTone;
  /** One line per test, or what is missing. */
  details: string[];
}

const VERDICT_TEXT = {
  improved: { label: 'Improved', tone: 'green' },
  unchanged: { label: 'Unchanged', tone: 'muted' },
  regressed: { label: 'Regressed', tone: 'red' },
} as const;

/** What the validation says, for the verdict box (full validation) and the list (summarised: no tests). */
export function verdictSummary(validation: Recommendation['validation'] | undefined): VerdictSummary {
  const v = validation as Partial<NonNullable<Recommendation['validation']>> | null | undefined;
  if (v?.state === 'done' && v.verdict !== undefined) {
    const { label, tone } = VERDICT_TEXT[v.verdict];
    const details = isDoneValidation(validation)
      ? [describeTest('p95', validation.tests.p95), describeTest('p50', validation.tests.p50)]
      : v.reason
        ? [v.reason]
        : [];
    if (v.evidenceGone === true) details.push('The detector no longer finds the pattern after the change.');
    if (v.evidenceGone === false) details.push('The detector still finds the pattern after the change.');
    return { state: v.verdict, label, tone, details };
  }
  if (v?.state === 'pending') {
    const details = [
      `Minutes with data: ${v.intervalsBefore ?? 0} before and ${v.intervalsAfter ?? 0} after the change; ` +
        `${v.intervalsNeeded ?? 0} needed on each side.`,
    ];
    if (v.reason) details.unshift(v.reason);
    return { state: 'pending', label: 'Waiting for data', tone: 'amber', details };
  }
  return {
    state: 'none',
    label: 'Not validated',
    tone: 'muted',
    details: ['Apply the fix, then validate: latency before and after the change is compared with a t-test.'],
  };
}
