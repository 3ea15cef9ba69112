import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HistogramDecodeError } from './errors.js';
import { ExponentialHistogram, type ExponentialHistogramOptions } from './exponential-histogram.js';

const value = fc.oneof(
  fc.double({ min: 1e-6, max: 100, noNaN: true }),
  fc.double({ min: -1e3, max: 1e3, noNaN: true }),
  fc.constant(0),
  fc.constant(0.08),
);
const values = fc.array(value, { maxLength: 200 });
const options = fc.record({
  maxBuckets: fc.oneof(fc.constant(2048), fc.constant(160), fc.integer({ min: 4, max: 64 })),
  maxScale: fc.oneof(fc.constant(20), fc.constant(6), fc.integer({ min: -3, max: 10 })),
});

function build(data: number[], opts: ExponentialHistogramOptions = {}): ExponentialHistogram {
  const h = new ExponentialHistogram(opts);
  for (const v of data) h.record(v);
  return h;
}

/** The path mergeEncoded replaces: materialise the blob with the target's options, then merge. */
function viaDecode(target: ExponentialHistogram, bytes: Uint8Array): ExponentialHistogram {
  return target.clone().merge(ExponentialHistogram.decode(bytes, target.options));
}

describe('mergeEncoded', () => {
  it('equals decode + merge for random histograms at different scales, options and signs', () => {
    fc.assert(
      fc.property(
        values,
        options,
        fc.array(fc.tuple(values, options), { minLength: 1, maxLength: 4 }),
        (a, o, parts) => {
          const target = build(a, o);
          for (const [b, bo] of parts) {
            const bytes = build(b, bo).encode();
            const expected = viaDecode(target, bytes).toData();
            expect(target.mergeEncoded(bytes).toData()).toEqual(expected);
          }
        },
      ),
      { seed: 11, numRuns: 300 },
    );
  }, 60_000);

  it('equals decode + merge on the hot path, where the target already spans every blob', () => {
    fc.assert(
      fc.property(fc.array(values, { minLength: 1, maxLength: 6 }), (parts) => {
        const blobs = parts.map((p) => build(p, { maxScale: 6 }).encode());
        const target = new ExponentialHistogram();
        for (const b of blobs) target.mergeEncoded(b); // now spans them all, at their common scale
        const reference = target.clone();
        for (const b of blobs) {
          target.mergeEncoded(b);
          reference.merge(ExponentialHistogram.decode(b));
        }
        expect(target.toData()).toEqual(reference.toData());
      }),
      { seed: 12, numRuns: 200 },
    );
  }, 60_000);

  it('merges into empty, zero-only and negative-only histograms', () => {
    const blob = build([0.001, 0.5, -3, 0, 42]).encode();
    const targets = [
      new ExponentialHistogram(),
      build([0, 0, -0]),
      build([-1, -2, -1e-3]),
      build([5], { maxScale: 0 }),
    ];
    for (const target of targets) {
      const expected = viaDecode(target, blob).toData();
      expect(target.mergeEncoded(blob).toData()).toEqual(expected);
    }
    expect(new ExponentialHistogram().mergeEncoded(blob).toData()).toEqual(ExponentialHistogram.decode(blob).toData());
  });

  it('ignores an empty blob and downscales for a coarser one', () => {
    const target = build([1.5, 1.6]);
    const before = target.toData();
    expect(target.mergeEncoded(new ExponentialHistogram().encode()).toData()).toEqual(before);
    const coarse = build([1.5, 3], { maxScale: 2 }).encode();
    target.mergeEncoded(coarse);
    expect(target.scale).toBe(2);
    expect(target.count).toBe(4);
  });

  it('takes the larger zero threshold and folds buckets under it into zeroCount, as merge does', () => {
    const wide = ExponentialHistogram.fromData({
      ...new ExponentialHistogram().toData(),
      zeroThreshold: 0.01,
      zeroCount: 1,
      count: 1,
      sum: 0,
      min: 0,
      max: 0,
    }).encode();
    const target = build([0.001, 1]);
    const expected = viaDecode(target, wide).toData();
    expect(target.mergeEncoded(wide).toData()).toEqual(expected);
    expect([target.zeroThreshold, target.zeroCount, target.count]).toEqual([0.01, 2, 3]);
  });

  it('fills in min/max a foreign blob left out from its buckets, as decode does', () => {
    const bytes = build([0.25, 3]).encode();
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    view.setFloat64(4 + 16, Number.POSITIVE_INFINITY, true); // min: after version, scale, count, zeroCount, threshold, sum
    view.setFloat64(4 + 24, Number.NEGATIVE_INFINITY, true);
    const target = build([1]);
    const expected = viaDecode(target, bytes).toData();
    expect(target.mergeEncoded(bytes).toData()).toEqual(expected);
    expect(target.min).toBeLessThanOrEqual(0.25);
    expect(target.max).toBeGreaterThanOrEqual(3);
  });

  it('rejects every truncation with HistogramDecodeError and leaves the target unchanged', () => {
    const bytes = build([0.001, 0.5, -3, 0, 42, -0.25]).encode();
    // One target the blob fits in (single-pass path, which must take back what it added) and one it does not.
    for (const target of [build([0.001, 0.5, -3, 42, -0.25, 0.7]), build([1e6], { maxBuckets: 8 })]) {
      const before = target.toData();
      for (let n = 0; n < bytes.length; n++) {
        expect(() => target.mergeEncoded(bytes.subarray(0, n)), `prefix of ${n} bytes`).toThrow(HistogramDecodeError);
        expect(target.toData()).toEqual(before);
      }
    }
  });

  it('accepts exactly what decode accepts under random corruption, with the same result or no change', () => {
    const original = build([0.001, 0.002, 0.5, -3, 0, 42, 42, -0.01]).encode();
    const target = build([0.001, 0.5, -3, 0, 42, -0.01, 0.03]);
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat({ max: original.length - 1 }), byte: fc.nat({ max: 255 }) }), {
          minLength: 1,
          maxLength: 4,
        }),
        (edits) => {
          const bytes = original.slice();
          for (const { at, byte } of edits) bytes[at] = byte;
          const before = target.toData();
          let expected: ReturnType<ExponentialHistogram['toData']> | undefined;
          try {
            expected = viaDecode(target, bytes).toData();
          } catch (error) {
            expect(error).toBeInstanceOf(HistogramDecodeError);
          }
          const copy = target.clone();
          if (expected === undefined) {
            expect(() => copy.mergeEncoded(bytes)).toThrow(HistogramDecodeError);
            expect(copy.toData()).toEqual(before);
          } else {
            expect(copy.mergeEncoded(bytes).toData()).toEqual(expected);
          }
        },
      ),
      { seed: 13, numRuns: 600 },
    );
  }, 60_000); // generous: a busy shared machine must not fail it

  it('rejects a wrong version, trailing bytes, an overflowing run and a count that does not add up', () => {
    const bytes = build([0.001, 0.5]).encode();
    const target = build([0.001, 0.5, 0.2]);
    const before = target.toData();
    const wrongCount = bytes.slice();
    wrongCount[2] = 3;
    const overflowingRun = bytes.slice();
    overflowingRun[bytes.length - 3] = 0x7f; // a run of 64 where the last positive bucket count was
    const cases = [Uint8Array.of(2, ...bytes.subarray(1)), Uint8Array.of(...bytes, 0), wrongCount, overflowingRun];
    for (const corrupt of cases) {
      expect(() => target.mergeEncoded(corrupt)).toThrow(/invalid histogram bytes: .* at byte \d+ of \d+/);
      expect(target.toData()).toEqual(before);
    }
  });
  it('takes back the counts it added when a later one-byte run overflows the side', () => {
    const bytes = build([1.1, 1.12, 1.15], { maxScale: 6 }).encode(); // every other bucket: 1-byte tokens
    expect(Array.from(bytes.subarray(bytes.length - 7))).toEqual([2, 1, 2, 1, 2, 0, 0]); // 1, skip 1, 1, skip 1, 1; no negatives
    const corrupt = bytes.slice();
    corrupt[bytes.length - 3] = 0x7f; // the last count becomes a run of 64 past the side's end
    const target = build([1.1, 1.15], { maxScale: 6 });
    const before = target.toData();
    expect(() => target.mergeEncoded(corrupt)).toThrow(/run of 64 empty buckets overflows/);
    expect(target.toData()).toEqual(before);
  });
});

describe('mergeAllEncoded', () => {
  it('equals merging every decoded blob in turn, with the given options', () => {
    const blobs = [[0.1, 0.2], [], [-1, 0], [1e-6, 100]].map((v) => build(v).encode());
    const expected = new ExponentialHistogram({ maxBuckets: 256 });
    for (const b of blobs) expected.merge(ExponentialHistogram.decode(b, { maxBuckets: 256 }));
    const merged = ExponentialHistogram.mergeAllEncoded(blobs, { maxBuckets: 256 });
    expect(merged.toData()).toEqual(expected.toData());
    expect(merged.options.maxBuckets).toBe(256);
    expect(ExponentialHistogram.mergeAllEncoded([]).count).toBe(0);
  });
});
