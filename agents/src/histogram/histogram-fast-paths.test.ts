import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Buckets } from './buckets.js';
import { ExponentialHistogram } from './exponential-histogram.js';
import { lowerBoundary, midpointFactor } from './mapping.js';

const values = fc.array(
  fc.oneof(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.constant(0), fc.double({ min: 1e-6, max: 100 })),
  { minLength: 1, maxLength: 300 },
);

function build(data: number[], options = {}): ExponentialHistogram {
  const h = new ExponentialHistogram(options);
  for (const v of data) h.record(v);
  return h;
}

/** The plain nearest-rank walk, from the most negative bucket up, that quantile() must agree with. */
function referenceQuantile(h: ExponentialHistogram, q: number): number {
  const d = h.toData();
  const rank = Math.max(1, Math.ceil(q * d.count));
  const clamp = (v: number) => Math.min(Math.max(v, d.min), d.max);
  const k = midpointFactor(d.scale);
  let seen = 0;
  for (let j = d.negative.counts.length - 1; j >= 0; j--) {
    seen += d.negative.counts[j]!;
    if (seen >= rank) return clamp(-k * lowerBoundary(d.negative.offset + j, d.scale));
  }
  seen += d.zeroCount;
  if (seen >= rank) return clamp(0);
  for (const [j, c] of d.positive.counts.entries()) {
    seen += c;
    if (seen >= rank) return clamp(k * lowerBoundary(d.positive.offset + j, d.scale));
  }
  return d.max;
}

describe('quantile', () => {
  it('finds the same bucket walking down from the top above the median', () => {
    fc.assert(
      fc.property(values, fc.double({ min: 0.001, max: 0.999, noNaN: true }), (data, q) => {
        const h = build(data, { maxScale: 6 });
        for (const quantile of [q, 0.5, 0.51, 0.9, 0.99, 0.999]) {
          expect(h.quantile(quantile)).toBe(referenceQuantile(h, quantile));
        }
      }),
      { seed: 21, numRuns: 300 },
    );
  }, 60_000);
});

describe('fromValidatedData', () => {
  it('builds what fromData builds, downscaling data finer than maxScale or wider than maxBuckets', () => {
    fc.assert(
      fc.property(
        values,
        fc.integer({ min: 4, max: 300 }),
        fc.integer({ min: -2, max: 20 }),
        (data, maxBuckets, maxScale) => {
          const source = build(data).toData();
          const options = { maxBuckets, maxScale };
          expect(ExponentialHistogram.fromValidatedData(source, options).toData()).toEqual(
            ExponentialHistogram.fromData(source, options).toData(),
          );
        },
      ),
      { seed: 22, numRuns: 200 },
    );
  }, 60_000);

  it('trims zero counts at either end and fills in missing extremes', () => {
    const h = ExponentialHistogram.fromValidatedData({
      scale: 0,
      zeroCount: 0,
      zeroThreshold: 0,
      positive: { offset: 3, counts: [0, 0, 2, 0, 1, 0] },
      negative: { offset: 0, counts: [] },
      count: 3,
      sum: 70,
      min: Number.POSITIVE_INFINITY,
      max: Number.NEGATIVE_INFINITY,
    });
    expect(h.toData().positive).toEqual({ offset: 5, counts: [2, 0, 1] });
    expect([h.min, h.max]).toEqual([32, 256]); // (2^5, 2^6] up to (2^7, 2^8]
  });
});

describe('merge cost', () => {
  it('adds into the existing bucket array when this already spans other (no reallocation)', () => {
    const target = new Buckets();
    for (let i = 60; i < 200; i += 7) target.increment(i, 1, 2048);
    const other = new Buckets();
    for (let i = 120; i < 180; i += 3) other.increment(i, 2, 2048);
    const array = target.counts;
    target.addFrom(other, 0, 2048);
    target.addFrom(other, 1, 2048); // other one scale finer: its indices 120..177 land on 60..88
    expect(target.counts).toBe(array);
    expect(target.get(120)).toBe(2);
    expect(target.get(60)).toBe(1 + 2); // target's own, plus other's 120 (>> 1 = 60)
    expect(target.total()).toBe(20 + 20 * 2 * 2);
  });
});
