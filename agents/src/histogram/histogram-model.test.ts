import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExponentialHistogram } from './exponential-histogram.js';
import { MIN_SCALE, mapToIndex } from './mapping.js';

/**
 * Model check: whatever order values arrive in (and however bucket storage grows, recentres and downscales),
 * the histogram must hold exactly what mapping every value at the final scale gives, and the final scale must
 * be the finest one at which each sign's span fits in maxBuckets.
 */
function model(values: number[], maxBuckets: number, maxScale: number) {
  const spanAt = (scale: number, sign: number): number => {
    const indices = values.filter((v) => Math.sign(v) === sign).map((v) => mapToIndex(Math.abs(v), scale));
    return indices.length === 0 ? 0 : Math.max(...indices) - Math.min(...indices) + 1;
  };
  let scale = maxScale;
  while (scale > MIN_SCALE && (spanAt(scale, 1) > maxBuckets || spanAt(scale, -1) > maxBuckets)) scale--;
  const side = (sign: number) => {
    const counts = new Map<number, number>();
    for (const v of values) {
      if (Math.sign(v) !== sign) continue;
      const i = mapToIndex(Math.abs(v), scale);
      counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    if (counts.size === 0) return { offset: 0, counts: [] as number[] };
    const offset = Math.min(...counts.keys());
    const span = Math.max(...counts.keys()) - offset + 1;
    return { offset, counts: Array.from({ length: span }, (_, j) => counts.get(offset + j) ?? 0) };
  };
  return { scale, positive: side(1), negative: side(-1), zeroCount: values.filter((v) => v === 0).length };
}

const value = fc.oneof(
  fc.double({ min: 1e-9, max: 1e9, noNaN: true }),
  fc.double({ min: -1e9, max: -1e-9, noNaN: true }),
  fc.integer({ min: -20, max: 20 }).map((e) => 2 ** e),
  fc.constant(0),
);

describe('ExponentialHistogram bucket storage (model-based)', () => {
  it('record() in any order matches the model for any maxBuckets and maxScale', () => {
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 300 }),
        fc.integer({ min: 4, max: 300 }),
        fc.integer({ min: -5, max: 20 }),
        (values, maxBuckets, maxScale) => {
          const h = new ExponentialHistogram({ maxBuckets, maxScale });
          for (const v of values) h.record(v);
          const { scale, positive, negative, zeroCount } = h.toData();
          expect({ scale, positive, negative, zeroCount }).toEqual(model(values, maxBuckets, maxScale));
        },
      ),
      { seed: 8, numRuns: 400 },
    );
  });

  it('merge() of arbitrary splits matches the model too', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(value, { maxLength: 60 }), { maxLength: 8 }),
        fc.integer({ min: 4, max: 100 }),
        (parts, maxBuckets) => {
          const merged = new ExponentialHistogram({ maxBuckets });
          for (const part of parts) {
            const h = new ExponentialHistogram({ maxBuckets });
            for (const v of part) h.record(v);
            merged.merge(h);
          }
          const { scale, positive, negative, zeroCount } = merged.toData();
          expect({ scale, positive, negative, zeroCount }).toEqual(model(parts.flat(), maxBuckets, 20));
          expect(merged.count).toBe(parts.flat().length);
        },
      ),
      { seed: 9, numRuns: 300 },
    );
  });
});
