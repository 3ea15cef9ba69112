import { HistogramDecodeError } from './errors.js';
import type { HistogramParts } from './histogram-data.js';
import { MAX_SCALE, MIN_SCALE } from './mapping.js';

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
const MAX_VARINT_BYTES = 8; // 56 bits: enough for a token 2c with c < 2^53
const MAX_TOKEN = 2 * Number.MAX_SAFE_INTEGER; // so every decoded count is a safe integer

export function encodeHistogramParts(parts: HistogramParts): Uint8Array {
  const p = parts.positive.counts;
  const n = parts.negative.counts;
  const bytes = new Uint8Array(
    1 + 5 + 2 * MAX_VARINT_BYTES + 32 + 2 * (5 + 5) + (p.length + n.length) * MAX_VARINT_BYTES,
  );
  const view = new DataView(bytes.buffer);
  let at = 0;
  bytes[at++] = HISTOGRAM_ENCODING_VERSION;
  at = writeVarint(bytes, at, zigzag(parts.scale));
  at = writeVarint(bytes, at, parts.count);
  at = writeVarint(bytes, at, parts.zeroCount);
  for (const value of [parts.zeroThreshold, parts.sum, parts.min, parts.max]) {
    view.setFloat64(at, value, true);
    at += 8;
  }
  for (const side of [parts.positive, parts.negative]) {
    const counts = side.counts;
    at = writeVarint(bytes, at, zigzag(side.offset));
    at = writeVarint(bytes, at, counts.length);
    let zeros = 0;
    for (let i = 0; i < counts.length; i++) {
      const c = counts[i]!;
      if (c === 0) {
        zeros++;
        continue;
      }
      if (zeros > 0) {
        at = writeVarint(bytes, at, 2 * zeros - 1);
        zeros = 0;
      }
      if (c < 0x40) bytes[at++] = 2 * c;
      else at = writeVarint(bytes, at, 2 * c);
    }
    if (zeros > 0) at = writeVarint(bytes, at, 2 * zeros - 1);
  }
  return bytes.slice(0, at);
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

/**
 * Parses bytes from encodeHistogramParts (counts come back as Float64Arrays). Throws HistogramDecodeError naming
 * the field and byte offset on malformed input; semantic checks (count consistency) are the caller's.
 */
export function decodeHistogramParts(bytes: Uint8Array): HistogramParts {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const fail = (what: string): never => {
    throw new HistogramDecodeError(`invalid histogram bytes: ${what} at byte ${at} of ${bytes.length}`);
  };
  const varint = (field: string, limit = Number.MAX_SAFE_INTEGER): number => {
    if (at < bytes.length && bytes[at]! < 0x80) return bytes[at++]!;
    let value = 0;
    let scale = 1;
    for (let i = 0; i < MAX_VARINT_BYTES; i++) {
      if (at >= bytes.length) return fail(`truncated ${field}`);
      const b = bytes[at++]!;
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value <= limit ? value : fail(`${field} ${value} exceeds ${limit}`);
      scale *= 0x80;
    }
    return fail(`${field} varint longer than ${MAX_VARINT_BYTES} bytes`);
  };
  const signed = (field: string): number => {
    const v = varint(field);
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  };
  const float = (field: string): number => {
    if (at + 8 > bytes.length) return fail(`truncated ${field}`);
    const v = view.getFloat64(at, true);
    if (Number.isNaN(v)) return fail(`${field} is NaN`);
    at += 8;
    return v;
  };
  const side = (name: string): HistogramParts['positive'] => {
    const offset = signed(`${name}.offset`);
    const length = varint(`${name}.length`);
    if (length > 1 << 24) fail(`${name}.length ${length} exceeds 2^24 buckets`);
    const counts = new Float64Array(length);
    for (let i = 0; i < length; ) {
      const token = at < bytes.length && bytes[at]! < 0x80 ? bytes[at++]! : varint(`${name} bucket token`, MAX_TOKEN);
      if (token % 2 === 0) {
        counts[i++] = token / 2;
      } else {
        const run = (token + 1) / 2;
        if (run > length - i) fail(`${name} run of ${run} empty buckets overflows the ${length} buckets`);
        i += run; // already zero
      }
    }
    return { offset, counts };
  };
  if (bytes.length === 0) fail('empty input');
  if (bytes[0] !== HISTOGRAM_ENCODING_VERSION)
    fail(`unsupported version ${bytes[0]} (expected ${HISTOGRAM_ENCODING_VERSION})`);
  at = 1;
  const scale = signed('scale');
  if (scale < MIN_SCALE || scale > MAX_SCALE) fail(`scale ${scale} outside [${MIN_SCALE}, ${MAX_SCALE}]`);
  const count = varint('count');
  const zeroCount = varint('zeroCount');
  const zeroThreshold = float('zeroThreshold');
  const sum = float('sum');
  const min = float('min');
  const max = float('max');
  const positive = side('positive');
  const negative = side('negative');
  if (at !== bytes.length) fail(`${bytes.length - at} trailing bytes`);
  return { scale, count, zeroCount, zeroThreshold, sum, min, max, positive, negative };
}
