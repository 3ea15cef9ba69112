import { describe, expect, it } from 'vitest';
import type { IntervalValue, Marker, ValidationSide } from '../records.js';
import { seededRandom } from './statistics.js';
import { compareIntervals, DEFAULT_VALIDATION_THRESHOLDS, validateAroundMarker } from './verdict.js';

const T0 = 1_735_689_600_000;
const MIN = 60_000;
const marker: Marker = {
  id: 'm1',
  service: 'shop',
  kind: 'manual',
  label: 'applied',
  version: null,
  t: T0,
  createdBy: 'a',
};

/** `n` one-minute intervals from `startMs` with p95 ≈ p95Ms and p50 ≈ p50Ms (± sd, seeded normal noise). */
function side(startMs: number, n: number, p50Ms: number, p95Ms: number, seed: number, sd = 3): ValidationSide {
  const random = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const intervals: IntervalValue[] = Array.from({ length: n }, (_, i) => ({
    t: startMs + i * MIN,
    p50Ms: p50Ms + sd * gauss(),
    p95Ms: p95Ms + sd * gauss(),
    requests: 100,
  }));
  return { fromMs: startMs, toMs: startMs + n * MIN, intervals, histogram: [], count: n * 100, p50Ms, p95Ms };
}

const validate = (before: ValidationSide, after: ValidationSide, evidenceGone: boolean | null = true) =>
  validateAroundMarker({
    marker,
    target: { type: 'route', method: 'GET', route: '/x' },
    before,
    after,
    evidenceGone,
    nowMs: T0 + 3_600_000,
  });

describe('validation verdict', () => {
  it('improved: p95 120 → 80 ms', () => {
    const result = validate(side(T0 - 30 * MIN, 30, 40, 120, 1), side(T0 + MIN, 30, 40, 80, 2));
    expect(result.state).toBe('done');
    if (result.state !== 'done') return;
    expect(result.verdict).toBe('improved');
    expect(result.tests.p95.significant).toBe(true);
    expect(result.tests.p95.relativeChange).toBeCloseTo(-1 / 3, 1);
    expect(result.tests.p50.significant).toBe(false);
    expect(result.reason).toMatch(/^improved: p95 1\d\d(\.\d)? → \d\d(\.\d)? ms \(−3\d(\.\d)? %, p = /);
    expect(result.reason).toContain('the detector no longer finds the pattern');
    expect(result.tests.p95.differenceCi95Ms[1]).toBeLessThan(0);
  });

  it('regressed when p50 got slower even though p95 improved', () => {
    const result = validate(side(T0 - 30 * MIN, 30, 40, 120, 3), side(T0 + MIN, 30, 60, 80, 4), false);
    expect(result.state === 'done' && result.verdict).toBe('regressed');
  });

  it('unchanged on noise', () => {
    const result = validate(side(T0 - 30 * MIN, 30, 40, 100, 5, 10), side(T0 + MIN, 30, 40, 100, 6, 10));
    expect(result.state === 'done' && result.verdict).toBe('unchanged');
  });

  it('unchanged when significant but under 10 %', () => {
    // 100 → 95 ms with almost no noise: p is tiny, the change is 5 %.
    const result = validate(side(T0 - 30 * MIN, 30, 40, 100, 7, 0.5), side(T0 + MIN, 30, 40, 95, 8, 0.5));
    expect(result.state).toBe('done');
    if (result.state !== 'done') return;
    expect(result.tests.p95.pValue).toBeLessThan(0.01);
    expect(result.verdict).toBe('unchanged');
  });

  it('is pending, not guessed, with too few intervals after', () => {
    const result = validate(side(T0 - 30 * MIN, 30, 40, 120, 9), side(T0 + MIN, 4, 40, 60, 10));
    expect(result).toMatchObject({
      state: 'pending',
      intervalsBefore: 30,
      intervalsAfter: 4,
      intervalsNeeded: DEFAULT_VALIDATION_THRESHOLDS.minIntervals,
      markerId: 'm1',
    });
    expect(result.state === 'pending' && result.reason).toContain('has 4 after');
  });

  it('compareIntervals needs two values a side', () => {
    expect(compareIntervals([1], [1, 2], DEFAULT_VALIDATION_THRESHOLDS)).toBeNull();
  });
});
