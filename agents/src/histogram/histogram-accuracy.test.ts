import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExponentialHistogram } from './exponential-histogram.js';

/** Seeded PRNG (mulberry32) so a failing fast-check seed replays the same data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MIN_SECONDS = 1e-6;
const MAX_SECONDS = 100;
const clampSeconds = (v: number): number => Math.min(MAX_SECONDS, Math.max(MIN_SECONDS, v));

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

type Generator = (random: () => number, n: number) => number[];

/** Latency-like data in seconds, always within 1 µs–100 s (the range the accuracy target covers). */
const distributions: Record<string, fc.Arbitrary<Generator>> = {
  lognormal: fc
    .record({
      median: fc.double({ min: 1e-5, max: 10, noNaN: true }),
      sigma: fc.double({ min: 0.05, max: 3, noNaN: true }),
    })
    .map(
      ({ median, sigma }) =>
        (random, n) =>
          Array.from({ length: n }, () => clampSeconds(median * Math.exp(sigma * normal(random)))),
    ),
  bimodal: fc
    .record({
      fast: fc.double({ min: 1e-5, max: 0.01, noNaN: true }),
      slowFactor: fc.double({ min: 5, max: 1000, noNaN: true }),
      slowShare: fc.double({ min: 0.01, max: 0.5, noNaN: true }),
    })
    .map(
      ({ fast, slowFactor, slowShare }) =>
        (random, n) =>
          Array.from({ length: n }, () => {
            const centre = random() < slowShare ? fast * slowFactor : fast;
            return clampSeconds(centre * Math.exp(0.3 * normal(random)));
          }),
    ),
  pareto: fc
    .record({
      scale: fc.double({ min: 1e-5, max: 0.1, noNaN: true }),
      alpha: fc.double({ min: 1.05, max: 4, noNaN: true }),
    })
    .map(
      ({ scale, alpha }) =>
        (random, n) =>
          Array.from({ length: n }, () => clampSeconds(scale * (1 - random()) ** (-1 / alpha))),
    ),
  constant: fc
    .double({ min: MIN_SECONDS, max: MAX_SECONDS, noNaN: true })
    .map((c) => (_random, n) => new Array<number>(n).fill(c)),
  'single value': fc.double({ min: MIN_SECONDS, max: MAX_SECONDS, noNaN: true }).map((c) => () => [c]),
};

const QUANTILES = [0.5, 0.9, 0.95, 0.99, 0.999];

/** Nearest rank, the definition quantile() uses: the ⌈q·n⌉-th smallest value. */
function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

function expectWithinOnePercent(h: ExponentialHistogram, data: number[]): void {
  const sorted = [...data].sort((a, b) => a - b);
  for (const q of QUANTILES) {
    const exact = exactQuantile(sorted, q);
    const estimate = h.quantile(q);
    expect(
      Math.abs(estimate - exact) / Math.abs(exact),
      `p${q * 100}: ${estimate} vs exact ${exact}`,
    ).toBeLessThanOrEqual(0.01);
  }
  expect(h.quantile(0)).toBe(sorted[0]);
  expect(h.quantile(1)).toBe(sorted[sorted.length - 1]);
}

const sample = fc.record({ seed: fc.integer(), n: fc.integer({ min: 1, max: 5_000 }) });

describe('quantile accuracy against exact order statistics (≤ 1% relative error)', () => {
  for (const [name, generator] of Object.entries(distributions)) {
    it(`${name}`, () => {
      fc.assert(
        fc.property(generator, sample, (generate, { seed, n }) => {
          const data = generate(rng(seed), n);
          const h = new ExponentialHistogram();
          for (const v of data) h.record(v);
          expect(h.count).toBe(data.length);
          expect(h.scale).toBeGreaterThanOrEqual(6);
          expectWithinOnePercent(h, data);
        }),
        { seed: 20_240_601, numRuns: 60 },
      );
    });

    it(`${name}, after merging 100 parts, equals recording everything in one histogram`, () => {
      fc.assert(
        fc.property(generator, fc.integer(), (generate, seed) => {
          const random = rng(seed);
          const data = generate(random, 20_000);
          const whole = new ExponentialHistogram();
          const parts = Array.from({ length: 100 }, () => new ExponentialHistogram());
          for (const v of data) {
            whole.record(v);
            parts[Math.floor(random() * parts.length)]!.record(v);
          }
          const merged = new ExponentialHistogram();
          for (const part of parts) merged.merge(part);
          expect({ ...merged.toData(), sum: 0 }).toEqual({ ...whole.toData(), sum: 0 });
          expect(merged.sum).toBeCloseTo(whole.sum, 6);
          expectWithinOnePercent(merged, data);
        }),
        { seed: 7, numRuns: 8 },
      );
    });
  }

  it('holds across the full 1 µs–100 s span at once (the worst case for maxBuckets 2048)', () => {
    const random = rng(99);
    const data = Array.from({ length: 50_000 }, () => 10 ** (-6 + 8 * random()));
    data.push(1e-6, 100);
    const h = new ExponentialHistogram();
    for (const v of data) h.record(v);
    expect(h.scale).toBe(6);
    expectWithinOnePercent(h, data);
  });

  it('handles mixed signs and zeros: quantiles of negative data mirror positive ones', () => {
    const random = rng(5);
    const data = Array.from({ length: 10_000 }, () => {
      const u = random();
      return u < 0.1 ? 0 : (u < 0.55 ? -1 : 1) * 10 ** (-6 + 8 * random());
    });
    const h = new ExponentialHistogram();
    for (const v of data) h.record(v);
    const sorted = [...data].sort((a, b) => a - b);
    for (const q of [0.01, 0.1, 0.3, 0.5, 0.52, 0.7, 0.9, 0.99]) {
      const exact = exactQuantile(sorted, q);
      const estimate = h.quantile(q);
      if (exact === 0) expect(estimate).toBe(0);
      else expect(Math.abs(estimate - exact) / Math.abs(exact)).toBeLessThanOrEqual(0.01);
    }
  });

  it('estimates countAtOrBelow (apdex) within 1% of n on lognormal latencies', () => {
    const random = rng(11);
    const data = Array.from({ length: 20_000 }, () => 0.1 * Math.exp(normal(random)));
    const h = new ExponentialHistogram();
    for (const v of data) h.record(v);
    for (const t of [0.001, 0.05, 0.1, 0.25, 0.5, 2]) {
      const exact = data.filter((v) => v <= t).length;
      expect(Math.abs(h.countAtOrBelow(t) - exact)).toBeLessThanOrEqual(0.01 * data.length);
    }
    expect(h.countAtOrBelow(h.max)).toBe(data.length);
    expect(h.countAtOrBelow(h.min / 2)).toBe(0);
  });
});
