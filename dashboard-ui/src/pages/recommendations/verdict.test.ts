import { describe, expect, it } from 'vitest';
import type { DoneValidation } from './recommendation-types.js';
import { describeTest, formatChange, formatPValue, verdictSummary } from './verdict.js';

const test = (meanBeforeMs: number, meanAfterMs: number, pValue: number) => ({
  meanBeforeMs,
  meanAfterMs,
  relativeChange: (meanAfterMs - meanBeforeMs) / meanBeforeMs,
  t: -12,
  df: 30,
  pValue,
  significant: pValue < 0.01,
  differenceCi95Ms: [-55, -46],
});

const side = { fromMs: 0, toMs: 1, intervals: [], histogram: [], count: 0, p50Ms: null, p95Ms: null };

function done(verdict: DoneValidation['verdict'], evidenceGone: boolean | null): DoneValidation {
  return {
    state: 'done',
    verdict,
    reason: 'x',
    markerId: 'm1',
    markerT: 1,
    before: side,
    after: side,
    tests: { p95: test(101.2, 50.4, 3.1e-12), p50: test(20, 19.6, 0.41) },
    evidenceGone,
  };
}

describe('verdict text', () => {
  it('formats relative changes with a sign', () => {
    expect(formatChange(-0.502)).toBe('−50.2 %');
    expect(formatChange(0.25)).toBe('+25 %');
    expect(formatChange(0)).toBe('±0 %');
    expect(formatChange(null)).toBe('–');
  });

  it('formats p-values with two significant digits, small ones as exponents', () => {
    expect(formatPValue(3.1e-12)).toBe('3.1e-12');
    expect(formatPValue(0.0123)).toBe('0.012');
    expect(formatPValue(0.5)).toBe('0.50');
    expect(formatPValue(0)).toBe('< 1e-16');
    expect(formatPValue(Number.NaN)).toBe('–');
  });

  it('states each test as means, change and p', () => {
    expect(describeTest('p95', test(101.2, 50.4, 3.1e-12))).toBe('p95 101 ms → 50.4 ms (−50.2 %, p = 3.1e-12)');
  });

  it('names the verdict with its tone and both tests, and whether the pattern is gone', () => {
    const improved = verdictSummary(done('improved', true));
    expect(improved).toMatchObject({ state: 'improved', label: 'Improved', tone: 'green' });
    expect(improved.details).toEqual([
      'p95 101 ms → 50.4 ms (−50.2 %, p = 3.1e-12)',
      'p50 20 ms → 19.6 ms (−2 %, p = 0.41)',
      'The detector no longer finds the pattern after the change.',
    ]);
    expect(verdictSummary(done('regressed', false))).toMatchObject({ label: 'Regressed', tone: 'red' });
    expect(verdictSummary(done('unchanged', null)).details).toHaveLength(2);
  });

  it('says what is missing while pending, and what to do before any validation', () => {
    const pending = verdictSummary({
      state: 'pending',
      reason: 'too few intervals after the marker',
      intervalsBefore: 30,
      intervalsAfter: 4,
      intervalsNeeded: 10,
    });
    expect(pending).toMatchObject({ state: 'pending', label: 'Waiting for data', tone: 'amber' });
    expect(pending.details).toEqual([
      'too few intervals after the marker',
      'Minutes with data: 30 before and 4 after the change; 10 needed on each side.',
    ]);
    expect(verdictSummary(null)).toMatchObject({ state: 'none', label: 'Not validated' });
    // The list's summarised validation has the verdict and its sentence but no tests.
    expect(verdictSummary({ state: 'done', verdict: 'improved', reason: 'improved: p95 101 → 50 ms' })).toEqual({
      state: 'improved',
      label: 'Improved',
      tone: 'green',
      details: ['improved: p95 101 → 50 ms'],
    });
  });
});
