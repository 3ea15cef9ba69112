import { Buffer } from 'node:buffer';
import type { Buckets } from './buckets.js';
import { writeFloat64LE } from './float64-le.js';
import type { HistogramState } from './histogram-queries.js';

/**
 * Compact binary form of an exponential histogram (what the store keeps per series per interval):
 *
 *   u8 version (1) · zigzag scale · varint count · varint zeroCount · f64 zeroThreshold · f64 sum · f64 min · f64 max
 *   · positive: zigzag offset · varint n (buckets) · tokens covering the n buckets · negative: the same
 *
 * A token is a varint: even 2c is one bucket holding c; odd 2r − 1 is a run of r empty buckets. Per-interval
 * latency histograms are sparse (200 requests spread over ~1,200 buckets at scale 7), so zero runs matter.
 * Varints are LEB128 (7 bits a byte); f64 are little-endian. An empty histogram is 40 bytes.
 * Worked example: one observation of 1 at scale 20 (1 = 2^0 tops bucket 0·2^20 − 1 = −1) is 41 bytes:
 *   01 · 28 (scale 20) · 01 (count) · 00 (zeroCount) · zeroThreshold 0, sum 1, min 1, max 1 (4 × f64)
 *   · 01 (offset −1) 01 (one bucket) 02 (count 1) · 00 (offset 0) 00 (no negative buckets)
 */
export const HISTOGRAM_ENCODING_VERSION = 1;
export const MAX_VARINT_BYTES = 8; // 56 bits: enough for a token 2c with c < 2^53
export const MAX_TOKEN = 2 * Number.MAX_SAFE_INTEGER; // so every decoded count is a safe integer
/** Version and the 4 f64; the varints around them are bounded separately. */
const FIXED_BYTES = 1 + 32;

/**
 * Scratch the encoder writes into before copying the exact bytes out. Module-level, yet it cannot leak across
 * calls: encodeHistogram fills it and copies the written prefix out before returning, nothing else reads it,
 * and encoding is synchronous. It grows to the largest histogram encoded (~33 KiB at 2,048 buckets a side).
 */
let scratch = Buffer.allocUnsafeSlow(4096);

/**
 * One pass over the used buckets into the scratch, then one copy into a buffer of exactly the encoded length:
 * nothing is allocated per bucket, and the result comes from Buffer.allocUnsafe, which carves blobs under
 * 4 KiB out of Node's shared 8 KiB pool — ~10× cheaper than a fresh Uint8Array (each gets its own backing
 * store) and what SQLite takes without a copy. Every byte of it is copied from the scratch, so no stale pool
 * memory escapes; a blob kept alive keeps its 8 KiB slab alive too.
 */
export function encodeHistogram(h: HistogramState): Uint8Array {
  const varints = 3 + 4; // scale, count, zeroCount; offset and length of each side
  const bound = FIXED_BYTES + (varints + h.positive.span + h.negative.span) * MAX_VARINT_BYTES;
  if (scratch.length < bound) scratch = Buffer.allocUnsafeSlow(Math.max(bound, 2 * scratch.length));
  const bytes = scratch;
  bytes[0] = HISTOGRAM_ENCODING_VERSION;
  let at = writeVarint(bytes, 1, zigzag(h.scale));
  at = writeVarint(bytes, at, h.count);
  at = writeVarint(bytes, at, h.zeroCount);
  writeFloat64LE(bytes, at, h.zeroThreshold);
  writeFloat64LE(bytes, at + 8, h.sum);
  writeFloat64LE(bytes, at + 16, h.min);
  writeFloat64LE(bytes, at + 24, h.max);
  at = writeSide(bytes, at + 32, h.positive);
  at = writeSide(bytes, at, h.negative);
  const out = Buffer.allocUnsafe(at);
  out.set(bytes.subarray(0, at));
  return out;
}

/** Zigzag offset, bucket count, then a token per non-zero bucket and per run of empty ones. */
function writeSide(bytes: Uint8Array, start: number, side: Buckets): number {
  if (side.hi < side.lo) {
    bytes[start] = 0;
    bytes[start + 1] = 0;
    return start + 2;
  }
  const counts = side.counts;
  const last = side.hi - side.origin;
  let at = writeVarint(bytes, start, zigzag(side.lo));
  at = writeVarint(bytes, at, side.hi - side.lo + 1);
  let zeros = 0;
  for (let p = side.lo - side.origin; p <= last; p++) {
    const c = counts[p]!;
    if (c === 0) {
      zeros++;
      continue;
    }
    if (zeros > 0) {
      if (zeros <= 0x40) bytes[at++] = 2 * zeros - 1;
      else at = writeVarint(bytes, at, 2 * zeros - 1);
      zeros = 0;
    }
    if (c < 0x40) bytes[at++] = 2 * c;
    else at = writeVarint(bytes, at, 2 * c);
  }
  // [lo, hi] ends on non-zero counts, but a trailing run keeps the blob valid should that ever not hold.
  return zeros > 0 ? writeVarint(bytes, at, 2 * zeros - 1) : at;
}

function zigzag(value: number): number {
  return value >= 0 ? value * 2 : -value * 2 - 1;
}

function writeVarint(bytes: Uint8Array, start: number, value: number): number {
  let at = start;
  let v = value;
  while (v > 0x7fffffff) {
    bytes[at++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  while (v >= 0x80) {
    bytes[at++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  bytes[at++] = v;
  return at;
}
