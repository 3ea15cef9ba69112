import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lowerBoundary, MAX_SCALE, MIN_SCALE, mapToIndex, midpointFactor } from './mapping.js';

const scales = Array.from({ length: MAX_SCALE - MIN_SCALE + 1 }, (_, i) => MIN_SCALE + i);

describe('mapToIndex', () => {
  it('puts every exact power of two at the top of its bucket, at every scale (upper-inclusive)', () => {
    const wrong: string[] = [];
    for (const scale of scales) {
      for (let e = -1022; e <= 1023; e++) {
        const expected = scale > 0 ? e * 2 ** scale - 1 : Math.floor((e - 1) / 2 ** -scale);
        const actual = mapToIndex(2 ** e, scale);
        if (actual !== expected) wrong.push(`2^${e} at scale ${scale}: ${actual} ≠ ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('worked example at scale 1: 1 → -1, 1.2 → 0, 2 → 1, 2.0000001 → 2', () => {
    expect([1, 1.2, 2, 2.0000001].map((v) => mapToIndex(v, 1))).toEqual([-1, 0, 1, 2]);
  });

  it('maps a value into (γ^i, γ^(i+1)] for random values and scales', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 2 ** -1000, max: 2 ** 1000, noNaN: true }),
        fc.integer({ min: MIN_SCALE, max: MAX_SCALE }),
        (value, scale) => {
          const i = mapToIndex(value, scale);
          // Boundaries themselves carry ~1 ulp of error from 2 ** x, so allow that much slack.
          expect(value).toBeGreaterThan(lowerBoundary(i, scale) * (1 - 1e-12));
          expect(value).toBeLessThanOrEqual(lowerBoundary(i + 1, scale) * (1 + 1e-12));
        },
      ),
      { seed: 1, numRuns: 2000 },
    );
  });

  it('is consistent with downscaling: index at scale s, shifted by k, equals index at scale s − k', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-9, max: 1e9, noNaN: true }),
        fc.integer({ min: MIN_SCALE + 5, max: MAX_SCALE }),
        fc.integer({ min: 1, max: 5 }),
        (value, scale, k) => {
          expect(mapToIndex(value, scale) >> k).toBe(mapToIndex(value, scale - k));
        },
      ),
      { seed: 2, numRuns: 2000 },
    );
  });

  it('sends subnormals to the bucket of the smallest normal and MAX_VALUE to the last bucket', () => {
    expect(mapToIndex(Number.MIN_VALUE, 3)).toBe(mapToIndex(2 ** -1022, 3));
    expect(mapToIndex(Number.MAX_VALUE, 20)).toBe(1024 * 2 ** 20 - 1);
    expect(mapToIndex(Number.MAX_VALUE, -10)).toBe(0);
  });
});

describe('midpointFactor', () => {
  it('gives 2·lb·ub/(lb+ub) with worst relative error (γ−1)/(γ+1), 0.54% at scale 6', () => {
    const gamma = 2 ** (1 / 64);
    const estimate = midpointFactor(6);
    expect(estimate).toBeCloseTo((2 * gamma) / (1 + gamma), 14);
    expect(estimate - 1).toBeCloseTo(1 - estimate / gamma, 14);
    expect(estimate - 1).toBeLessThan(0.0055);
  });
});
