import type { WireSide } from './exponential-wire.js';

/**
 * Writes the store's histogram encoding (agents/src/histogram/histogram-codec.ts, version 1) straight from a
 * validated OTLP exponential-histogram point whose buckets are still packed varints in the request, byte for byte
 * what `ExponentialHistogram.fromValidatedData(data).encode()` gives — so ingest never builds the histogram object.
 * The caller has checked the point as exponentialPointToHistogram would, and that each side's non-zero buckets
 * span at most MAX_SPAN (so no downscale happens; wider points take the reference path). Worked example, one
 * bucket: scale 3, count 2, positive offset 5 counts [0, 2, 0] →
 *   01 · 06 (zigzag 3) · 02 · 00 (zeroCount) · 4 × f64 · 0c (zigzag offset 6) 01 (one bucket) 04 (count 2) · 00 00
 */
export const MAX_SPAN = 2048; // ExponentialHistogram's default maxBuckets

const VERSION = 1;
const SLAB_BYTES = 64 * 1024;

/**
 * Where a request's blobs are written: consecutive slices of 64 KiB slabs, so a blob costs neither an allocation
 * of its own nor a copy (a request's ~1,000 blobs of ~80 bytes share two slabs). A slab lives as long as any of
 * its blobs; the store copies blobs into SQLite and drops the points after the write. Only written bytes are
 * ever exposed.
 */
export class BlobSlab {
  private buf = Buffer.allocUnsafeSlow(0);
  private at = 0;

  /** Room for `bytes` at the returned offset of `this.current`. */
  reserve(bytes: number): number {
    if (this.at + bytes > this.buf.length) {
      this.buf = Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, bytes));
      this.at = 0;
    }
    return this.at;
  }

  get current(): Buffer {
    return this.buf;
  }

  /** Hands out [start, end) of the current slab. */
  take(start: number, end: number): Buffer {
    this.at = end;
    return this.buf.subarray(start, end);
  }
}

export interface EncodeTotals {
  scale: number;
  count: number;
  zeroCount: number;
  zeroThreshold: number;
  sum: number;
  min: number;
  max: number;
}

export function encodeExponential(
  buf: Buffer,
  t: EncodeTotals,
  positive: WireSide,
  negative: WireSide,
  slab: BlobSlab,
): Buffer {
  // ≤ 10 bytes per varint; each bucket is at most one token.
  const bound = 1 + 32 + 7 * 10 + (spanOf(positive) + spanOf(negative)) * 10;
  const start = slab.reserve(bound);
  const out = slab.current;
  out[start] = VERSION;
  let at = writeVarint(out, start + 1, zigzag(t.scale));
  at = writeVarint(out, at, t.count);
  at = writeVarint(out, at, t.zeroCount);
  out.writeDoubleLE(t.zeroThreshold, at);
  out.writeDoubleLE(t.sum, at + 8);
  out.writeDoubleLE(t.min, at + 16);
  out.writeDoubleLE(t.max, at + 24);
  at = writeSide(buf, out, at + 32, positive);
  at = writeSide(buf, out, at, negative);
  return slab.take(start, at);
}

const spanOf = (side: WireSide) => (side.first < 0 ? 0 : side.last - side.first + 1);

/** Zigzag offset of the first non-zero bucket, the span, then a token per count and per run of zeros. */
function writeSide(buf: Buffer, out: Buffer, start: number, side: WireSide): number {
  if (side.first < 0) {
    out[start] = 0;
    out[start + 1] = 0;
    return start + 2;
  }
  let at = writeVarint(out, start, zigzag(side.offset + side.first));
  at = writeVarint(out, at, side.last - side.first + 1);
  let p = side.countsStart;
  let zeros = 0;
  for (let k = 0; k <= side.last; k++) {
    // The counts were walked (WireSide.scan) already: each is a complete varint of at most 7 bytes.
    let value = 0;
    let multiplier = 1;
    for (;;) {
      const byte = buf[p++] as number;
      value += (byte & 0x7f) * multiplier;
      if (byte < 0x80) break;
      multiplier *= 128;
    }
    if (k < side.first) continue;
    if (value === 0) {
      zeros++;
      continue;
    }
    if (zeros > 0) {
      at = writeVarint(out, at, 2 * zeros - 1);
      zeros = 0;
    }
    at = writeVarint(out, at, 2 * value);
  }
  return at;
}

function zigzag(value: number): number {
  return value >= 0 ? value * 2 : -value * 2 - 1;
}

function writeVarint(out: Buffer, start: number, value: number): number {
  let at = start;
  let v = value;
  while (v > 0x7fffffff) {
    out[at++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  while (v >= 0x80) {
    out[at++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  out[at++] = v;
  return at;
}
