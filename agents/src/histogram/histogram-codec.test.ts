import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HistogramDecodeError } from './errors.js';
import { ExponentialHistogram } from './exponential-histogram.js';

const values = fc.array(
  fc.oneof(
    fc.double({ min: -1e3, max: 1e3, noNaN: true }),
    fc.constant(0),
    fc.double({ min: 1e-6, max: 100, noNaN: true }),
  ),
  { maxLength: 500 },
);

function build(data: number[], options = {}): ExponentialHistogram {
  const h = new ExponentialHistogram(options);
  for (const v of data) h.record(v);
  return h;
}

describe('encode/decode', () => {
  it('round-trips every field exactly', () => {
    fc.assert(
      fc.property(values, fc.integer({ min: 4, max: 512 }), (data, maxBuckets) => {
        const h = build(data, { maxBuckets });
        const decoded = ExponentialHistogram.decode(h.encode(), { maxBuckets });
        expect(decoded.toData()).toEqual(h.toData());
        expect(decoded.quantile(0.99)).toBe(h.quantile(0.99));
      }),
      { seed: 4, numRuns: 200 },
    );
  });

  it('is compact: an empty histogram is 40 bytes, a 1,000-sample latency histogram about one byte per bucket', () => {
    expect(new ExponentialHistogram().encode().length).toBe(40);
    let s = 1;
    const h = new ExponentialHistogram();
    for (let i = 0; i < 1000; i++) {
      s = (s * 48271) % 2147483647;
      h.record(0.05 + (0.2 * s) / 2147483647);
    }
    const buckets = h.toData().positive.counts.length;
    expect(h.encode().length).toBeLessThan(40 + 1.5 * buckets);
  });

  it('rejects every truncation with HistogramDecodeError', () => {
    const bytes = build([0.001, 0.5, -3, 0, 42]).encode();
    for (let n = 0; n < bytes.length; n++) {
      expect(() => ExponentialHistogram.decode(bytes.subarray(0, n)), `prefix of ${n} bytes`).toThrow(
        HistogramDecodeError,
      );
    }
  });

  it('rejects a wrong version, trailing bytes, NaN floats, overlong varints and inconsistent counts', () => {
    const bytes = build([0.001, 0.5]).encode();
    const cases: Array<[string, Uint8Array]> = [
      ['version', Uint8Array.of(2, ...bytes.subarray(1))],
      ['trailing', Uint8Array.of(...bytes, 0)],
      ['scale out of range', Uint8Array.of(1, 42 * 2, ...bytes.subarray(2))],
      ['overlong varint', Uint8Array.of(1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01)],
    ];
    const nanSum = bytes.slice();
    new DataView(nanSum.buffer).setFloat64(1 + 1 + 1 + 1 + 8, Number.NaN, true); // version, scale, count, zeroCount, threshold
    cases.push(['NaN sum', nanSum]);
    const wrongCount = bytes.slice();
    wrongCount[2] = 3; // count 3 but only 2 observations in the buckets
    cases.push(['count mismatch', wrongCount]);
    for (const [what, corrupt] of cases) {
      expect(() => ExponentialHistogram.decode(corrupt), what).toThrow(HistogramDecodeError);
    }
  });

  it('never throws anything but HistogramDecodeError on random corruption, and what it accepts is consistent', () => {
    const original = build([0.001, 0.002, 0.5, -3, 0, 42, 42]).encode();
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat({ max: original.length - 1 }), byte: fc.nat({ max: 255 }) }), {
          minLength: 1,
          maxLength: 4,
        }),
        (edits) => {
          const bytes = original.slice();
          for (const { at, byte } of edits) bytes[at] = byte;
          try {
            const h = ExponentialHistogram.decode(bytes);
            const d = h.toData();
            const buckets = [...d.positive.counts, ...d.negative.counts].reduce((a, b) => a + b, 0);
            expect(d.zeroCount + buckets).toBe(h.count);
          } catch (error) {
            expect(error).toBeInstanceOf(HistogramDecodeError);
          }
        },
      ),
      { seed: 5, numRuns: 1000 },
    );
  });

  it('accepts a Uint8Array view into a larger buffer (as Buffers from SQLite are)', () => {
    const bytes = build([0.25, 0.5]).encode();
    const padded = new Uint8Array(bytes.length + 10);
    padded.set(bytes, 5);
    expect(ExponentialHistogram.decode(padded.subarray(5, 5 + bytes.length)).count).toBe(2);
  });

  it('writes the documented bytes: one observation of 1 at scale 20', () => {
    const h = new ExponentialHistogram();
    h.record(1);
    const floats = new Uint8Array(32);
    const view = new DataView(floats.buffer);
    for (const [k, v] of [0, 1, 1, 1].entries()) view.setFloat64(8 * k, v, true);
    const expected = Uint8Array.of(0x01, 0x28, 0x01, 0x00, ...floats, 0x01, 0x01, 0x02, 0x00, 0x00);
    expect(Uint8Array.from(h.encode())).toEqual(expected);
  });

  it('stays byte-compatible with blobs stored before the single-pass codec (version 1)', () => {
    // encode() output of the original encoder for this histogram: negatives, zeros, long zero runs and a
    // multi-byte count (100 × 42). Stored blobs like it must decode, and re-encode to the same bytes.
    const stored = Buffer.from(
      '010c6d020000000000000000feb6274880c9b04000000000000008c00000000000005940f713a60d02f909020d02e70802b106c8019d0102fb09e40502c30b02',
      'hex',
    );
    const h = new ExponentialHistogram({ maxScale: 6 });
    for (const v of [-3, -0.001, 0, 0, 0.001, 0.0011, 0.5, 1e-6, 100]) h.record(v);
    h.record(42, 100);
    expect(Buffer.from(h.encode()).toString('hex')).toBe(stored.toString('hex'));
    expect(ExponentialHistogram.decode(stored).toData()).toEqual(h.toData());
    expect(new ExponentialHistogram().mergeEncoded(stored).toData()).toEqual(h.toData());
  });

  it('encodes without sharing bytes between results (the scratch it writes through is copied out)', () => {
    const a = build([0.1, 0.2, 0.3]);
    const b = build([5, -5]);
    const first = a.encode();
    const copy = Uint8Array.from(first);
    b.encode();
    expect(Uint8Array.from(first)).toEqual(copy);
    expect(ExponentialHistogram.decode(first).toData()).toEqual(a.toData());
  });
});
