import { describe, expect, it } from 'vitest';
import { seededRandom } from '../validation/statistics.js';
import { bestSplit, changePoints } from './change-point.js';

function noise(seed: number, n: number, mean: number, sd: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const u = 1 - random();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  });
}

describe('change points', () => {
  it('finds a single step at its index', () => {
    const values = [...noise(1, 15, 50, 3), ...noise(2, 15, 80, 3)];
    const found = changePoints(values);
    expect(found.map((s) => s.index)).toEqual([15]);
    expect(found[0]!.test.meanB - found[0]!.test.meanA).toBeGreaterThan(25);
    expect(found[0]!.correctedP).toBeLessThan(1e-10);
  });

  it('finds two steps by binary segmentation', () => {
    const values = [...noise(3, 12, 50, 2), ...noise(4, 12, 90, 2), ...noise(5, 12, 50, 2)];
    expect(changePoints(values).map((s) => s.index)).toEqual([12, 24]);
  });

  it('finds nothing in noise, across many seeds', () => {
    let false_ = 0;
    for (let seed = 1; seed <= 200; seed++) false_ += changePoints(noise(seed, 30, 50, 5)).length;
    // Bonferroni over the candidate splits keeps the rate at or below alpha per series.
    expect(false_).toBeLessThanOrEqual(3);
  });

  it('ignores a step too close to the edge for minSegment', () => {
    const values = [...noise(6, 27, 50, 2), ...noise(7, 3, 120, 2)];
    expect(changePoints(values, { minSegment: 5 })).toEqual([]);
  });

  it('bestSplit returns null when the series is too short', () => {
    expect(bestSplit([1, 2, 3, 4, 5, 6, 7, 8, 9], { minSegment: 5 })).toBeNull();
  });

  it('corrects the p-value by the number of candidate splits', () => {
    const values = [...noise(8, 10, 50, 5), ...noise(9, 10, 58, 5)];
    const split = bestSplit(values, { minSegment: 5 })!;
    expect(split.correctedP).toBeCloseTo(Math.min(1, split.test.pValue * 11), 12);
  });
});
