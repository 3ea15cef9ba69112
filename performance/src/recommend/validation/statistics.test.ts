import jStat from 'jstat';
import { describe, expect, it } from 'vitest';
import { bootstrapMeanDifferenceCi, moments, seededRandom, twoSidedP, welchTTest } from './statistics.js';

// Reference values from scipy.stats.ttest_ind(a, b, equal_var=False) (R's t.test gives the same); our t is b − a.
const A1 = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4];
const A2 = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4];
const B1 = [17.2, 20.9, 22.6, 18.1, 21.7, 21.4, 23.5, 24.2, 14.7, 21.8];
const B2 = [
  21.5, 22.8, 21.0, 23.0, 21.6, 23.6, 22.5, 20.7, 23.4, 21.8, 20.7, 21.7, 21.5, 22.5, 23.6, 21.5, 22.5, 23.5, 21.5,
  21.8,
];

/** Normal noise by Box–Muller from a seeded uniform source. */
function normal(random: () => number, mean: number, sd: number): number {
  const u = 1 - random();
  const v = random();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

describe('Welch t-test', () => {
  it.each([
    {
      name: 'Wikipedia A1/A2 (equal sizes)',
      a: A1,
      b: A2,
      t: 2.455356398286006,
      df: 24.988529290231416,
      p: 0.021378001462866992,
    },
    {
      name: 'Wikipedia B1/B2 (unequal sizes and variances)',
      a: B1,
      b: B2,
      t: 1.5654335235985037,
      df: 9.904741248650831,
      p: 0.14884169660532817,
    },
  ])('matches scipy on $name', ({ a, b, t, df, p }) => {
    const result = welchTTest(a, b)!;
    expect(result.t).toBeCloseTo(t, 9);
    expect(result.df).toBeCloseTo(df, 9);
    expect(result.pValue).toBeCloseTo(p, 8);
  });

  it('uses jstat’s Student t CDF (scipy: t.cdf(2, 10) = 0.96330598261, t.sf(3.5, 7.3) = 0.00467156926)', () => {
    expect(jStat.studentt.cdf(2, 10)).toBeCloseTo(0.9633059826146299, 9);
    expect(twoSidedP(3.5, 7.3)).toBeCloseTo(2 * 0.004671569264242777, 8);
    expect(twoSidedP(0, 5)).toBeCloseTo(1, 6);
  });

  it('needs two values per side', () => {
    expect(welchTTest([1], [1, 2])).toBeNull();
    expect(welchTTest([1, 2], [])).toBeNull();
  });

  it('handles samples without any variance', () => {
    expect(welchTTest([5, 5, 5], [5, 5])).toMatchObject({ t: 0, pValue: 1 });
    expect(welchTTest([5, 5, 5], [7, 7])).toMatchObject({ t: Infinity, pValue: 0 });
  });

  it('finds a clear shift and not noise', () => {
    const random = seededRandom(42);
    const before = Array.from({ length: 30 }, () => normal(random, 100, 10));
    const shifted = Array.from({ length: 30 }, () => normal(random, 80, 10));
    const same = Array.from({ length: 30 }, () => normal(random, 100, 10));
    expect(welchTTest(before, shifted)!.pValue).toBeLessThan(1e-6);
    expect(welchTTest(before, same)!.pValue).toBeGreaterThan(0.01);
  });

  it('rejects at the nominal rate on pure noise (about 1 % at alpha 0.01)', () => {
    const random = seededRandom(7);
    let rejected = 0;
    const runs = 2_000;
    for (let i = 0; i < runs; i++) {
      const a = Array.from({ length: 15 }, () => normal(random, 50, 5));
      const b = Array.from({ length: 15 }, () => normal(random, 50, 5));
      if (welchTTest(a, b)!.pValue < 0.01) rejected++;
    }
    expect(rejected / runs).toBeGreaterThan(0.002);
    expect(rejected / runs).toBeLessThan(0.02);
  });
});

describe('moments', () => {
  it('computes mean and sample variance', () => {
    expect(moments([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ n: 8, mean: 5, variance: 32 / 7 });
  });
});

describe('bootstrap interval', () => {
  it('covers the true difference and excludes 0 for a clear shift; is deterministic', () => {
    const random = seededRandom(3);
    const a = Array.from({ length: 30 }, () => normal(random, 100, 5));
    const b = Array.from({ length: 30 }, () => normal(random, 80, 5));
    const [lo, hi] = bootstrapMeanDifferenceCi(a, b);
    expect(lo).toBeLessThan(-20 + 3);
    expect(hi).toBeGreaterThan(-20 - 3);
    expect(hi).toBeLessThan(0);
    expect(bootstrapMeanDifferenceCi(a, b)).toEqual([lo, hi]);
  });

  it('straddles 0 when nothing changed', () => {
    const random = seededRandom(4);
    const a = Array.from({ length: 30 }, () => normal(random, 100, 5));
    const b = Array.from({ length: 30 }, () => normal(random, 100, 5));
    const [lo, hi] = bootstrapMeanDifferenceCi(a, b);
    expect(lo).toBeLessThan(0);
    expect(hi).toBeGreaterThan(0);
  });
});
