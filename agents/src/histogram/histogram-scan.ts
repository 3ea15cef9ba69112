import type { Buckets } from './buckets.js';
import { HistogramDecodeError } from './errors.js';
import { readFloat64LE } from './float64-le.js';
import { HISTOGRAM_ENCODING_VERSION, MAX_TOKEN, MAX_VARINT_BYTES } from './histogram-codec.js';
import { MAX_SCALE, MIN_SCALE } from './mapping.js';

/**
 * Where one sign's buckets sit inside an encoded histogram (format in histogram-codec.ts): `offset`/`length`
 * as declared, bucket tokens in bytes [start, end), and — once its tokens are walked — `lo`/`hi`, the first and
 * last index holding a non-zero count (hi < lo: none), and `total`, the sum of its counts.
 */
export class EncodedSide {
  offset = 0;
  length = 0;
  start = 0;
  end = 0;
  lo = 0;
  hi = -1;
  total = 0;

  constructor(readonly name: 'positive' | 'negative') {}
}

/** |index| stays below 2^31 so `index >> shift` is exact; real indices stay under 1,075 · 2^20 ≈ 1.13e9. */
const INDEX_LIMIT = 2 ** 31;
const MAX_BUCKETS_PER_SIDE = 1 << 24;
const NO_BYTES = new Uint8Array(0);

/**
 * Reads one encoded histogram step by step, validating as it goes: readHeader, then per side readSide and
 * either scanTokens (locate only) or addTokens (add into buckets), then finish. Every varint must be in bounds
 * and at most 8 bytes, runs stay within their side, count = zeroCount + Σ buckets, floats are not NaN, sum and
 * zeroThreshold are finite, min ≤ max, nothing trails. Failures throw HistogramDecodeError naming the field and
 * byte offset. It builds nothing, so one instance serves blob after blob.
 */
export class EncodedScan {
  scale = 0;
  count = 0;
  zeroCount = 0;
  zeroThreshold = 0;
  sum = 0;
  min = 0;
  max = 0;
  readonly positive = new EncodedSide('positive');
  readonly negative = new EncodedSide('negative');
  private bytes: Uint8Array = NO_BYTES;
  private at = 0;

  /** Validates the whole blob and locates both sides' non-zero buckets (no counts are added anywhere). */
  read(bytes: Uint8Array): this {
    this.readHeader(bytes);
    this.readSide(this.positive);
    this.scanTokens(this.positive);
    this.readSide(this.negative);
    this.scanTokens(this.negative);
    this.finish();
    return this;
  }

  readHeader(bytes: Uint8Array): void {
    this.bytes = bytes;
    this.at = 0;
    // No tokens of this blob walked yet (what undoing a failed addTokens relies on).
    this.positive.start = this.positive.end = 0;
    this.negative.start = this.negative.end = 0;
    if (bytes.length === 0) this.fail('empty input');
    if (bytes[0] !== HISTOGRAM_ENCODING_VERSION) {
      this.fail(`unsupported version ${bytes[0]} (expected ${HISTOGRAM_ENCODING_VERSION})`);
    }
    this.at = 1;
    const scale = this.signed('scale');
    if (scale < MIN_SCALE || scale > MAX_SCALE) this.fail(`scale ${scale} outside [${MIN_SCALE}, ${MAX_SCALE}]`);
    this.scale = scale;
    const count = this.varint('count', Number.MAX_SAFE_INTEGER);
    this.count = count;
    this.zeroCount = this.varint('zeroCount', Number.MAX_SAFE_INTEGER);
    if (this.at + 32 > bytes.length) this.fail('truncated floats');
    const zeroThreshold = this.float('zeroThreshold');
    if (!(zeroThreshold >= 0 && zeroThreshold < Number.POSITIVE_INFINITY)) {
      this.fail(`zeroThreshold ${zeroThreshold} must be finite and ≥ 0`);
    }
    this.zeroThreshold = zeroThreshold;
    const sum = this.float('sum');
    if (sum - sum !== 0) this.fail(`sum ${sum} is not finite`);
    this.sum = sum;
    const min = this.float('min');
    const max = this.float('max');
    if (count > 0 && min > max && min - min === 0 && max - max === 0) this.fail(`min ${min} > max ${max}`);
    this.min = min;
    this.max = max;
  }

  readSide(side: EncodedSide): void {
    const offset = this.signed(side.name === 'positive' ? 'positive.offset' : 'negative.offset');
    const length = this.varint(side.name === 'positive' ? 'positive.length' : 'negative.length', MAX_BUCKETS_PER_SIDE);
    if (offset < -INDEX_LIMIT || offset + length > INDEX_LIMIT) this.fail(`${side.name}.offset ${offset} out of range`);
    side.offset = offset;
    side.length = length;
    side.start = this.at;
    side.end = this.at;
    side.lo = 0;
    side.hi = -1;
    side.total = 0;
  }

  /** Walks a side's tokens to find its non-zero range and total. */
  scanTokens(side: EncodedSide): void {
    const bytes = this.bytes;
    const end = bytes.length;
    const length = side.length;
    let at = this.at;
    let lo = 0;
    let hi = -1;
    let total = 0;
    for (let k = 0; k < length; ) {
      const b = at < end ? bytes[at]! : 0x80;
      let count: number;
      if (b < 0x80) {
        at++;
        if ((b & 1) === 1) {
          k += this.run(side, at, (b + 1) >> 1, k);
          continue;
        }
        count = b >> 1;
      } else {
        const token = this.longToken(side, at);
        at = this.at;
        if (token % 2 === 1) {
          k += this.run(side, at, (token + 1) / 2, k);
          continue;
        }
        count = token / 2;
      }
      if (count !== 0) {
        if (hi < lo) lo = side.offset + k;
        hi = side.offset + k;
        total += count;
      }
      k++;
    }
    this.at = at;
    side.end = at;
    side.lo = lo;
    side.hi = hi;
    side.total = total;
  }

  /**
   * scanTokens that also adds each count to `target` at index >> shift; the caller has reserved room for the
   * declared range. On corrupt bytes `side.end` marks the tokens already added (walkTokens takes them back).
   * One-byte tokens (counts < 64, runs ≤ 64: nearly all of them) take a branch of their own so the loop stays
   * in int32 arithmetic; a longer varint can exceed 2^31 and would push it to doubles.
   */
  addTokens(side: EncodedSide, target: Buckets, shift: number): void {
    const bytes = this.bytes;
    const end = bytes.length;
    const dst = target.counts;
    const origin = target.origin;
    const offset = side.offset;
    const length = side.length;
    let at = this.at;
    let lo = 0;
    let hi = -1;
    let total = 0;
    for (let k = 0; k < length; ) {
      const b = at < end ? bytes[at]! : 0x80;
      let count: number;
      if (b < 0x80) {
        at++;
        if ((b & 1) === 1) {
          k += this.run(side, at, (b + 1) >> 1, k);
          continue;
        }
        count = b >> 1;
      } else {
        side.end = at;
        const token = this.longToken(side, at);
        at = this.at;
        if (token % 2 === 1) {
          k += this.run(side, at, (token + 1) / 2, k);
          continue;
        }
        count = token / 2;
      }
      if (count !== 0) {
        const index = offset + k;
        if (hi < lo) lo = index;
        hi = index;
        total += count;
        dst[(index >> shift) - origin]! += count;
      }
      k++;
    }
    this.at = at;
    side.end = at;
    side.lo = lo;
    side.hi = hi;
    side.total = total;
  }

  /** Checks nothing trails and the counts add up; releases the caller's bytes. */
  finish(): void {
    if (this.at !== this.bytes.length) this.fail(`${this.bytes.length - this.at} trailing bytes`);
    const total = this.zeroCount + this.positive.total + this.negative.total;
    if (total !== this.count) this.fail(`count ${this.count} ≠ zeroCount + bucket counts (${total})`);
    this.bytes = NO_BYTES;
  }

  /** LEB128 varint of at most MAX_VARINT_BYTES, ≤ limit. */
  private varint(field: string, limit: number): number {
    const bytes = this.bytes;
    let at = this.at;
    let value = 0;
    let scale = 1;
    for (let i = 0; i < MAX_VARINT_BYTES; i++) {
      if (at >= bytes.length) return this.fail(`truncated ${field}`);
      const b = bytes[at++]!;
      value += (b & 0x7f) * scale;
      if (b < 0x80) {
        this.at = at;
        return value <= limit ? value : this.fail(`${field} ${value} exceeds ${limit}`);
      }
      scale *= 0x80;
    }
    return this.fail(`${field} varint longer than ${MAX_VARINT_BYTES} bytes`);
  }

  private signed(field: string): number {
    const v = this.varint(field, Number.MAX_SAFE_INTEGER);
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }

  private float(field: string): number {
    const v = readFloat64LE(this.bytes, this.at);
    if (Number.isNaN(v)) this.fail(`${field} is NaN`);
    this.at += 8;
    return v;
  }

  /** A varint token of two or more bytes at `at` (sets this.at past it). */
  private longToken(side: EncodedSide, at: number): number {
    this.at = at;
    return this.varint(side.name === 'positive' ? 'positive token' : 'negative token', MAX_TOKEN);
  }

  /**
   * Checks a run of empty buckets read just before `at` stays within the side (k buckets done) and returns
   * it as an int. Before failing it marks the side's tokens done up to `at`: a run adds nothing, so taking
   * back what was added up to there stays exact.
   */
  private run(side: EncodedSide, at: number, run: number, k: number): number {
    if (run <= side.length - k) return run | 0; // ≤ 2^24
    side.end = at;
    this.at = at;
    return this.fail(`${side.name} run of ${run} empty buckets overflows the ${side.length - k} buckets left`);
  }

  private fail(what: string): never {
    const length = this.bytes.length;
    this.bytes = NO_BYTES;
    throw new HistogramDecodeError(`invalid histogram bytes: ${what} at byte ${this.at} of ${length}`);
  }
}

/**
 * Adds (sign 1) or takes back (sign −1) the counts of a side's tokens in bytes [start, end) — already validated
 * — at index >> shift of `target`, which has room for them. One step per token, no allocation. Worked example:
 * tokens `04 05 02` at offset 10, shift 1 → +2 at index 5 (10 >> 1), skip 3 buckets, +1 at index 7 (14 >> 1).
 */
export function walkTokens(bytes: Uint8Array, side: EncodedSide, target: Buckets, shift: number, sign: 1 | -1): void {
  const dst = target.counts;
  const origin = target.origin;
  const end = side.end;
  let at = side.start;
  let index = side.offset;
  while (at < end) {
    const b = bytes[at++]!;
    if (b < 0x80) {
      if ((b & 1) === 1) {
        index += (b + 1) >> 1;
      } else {
        dst[(index >> shift) - origin]! += sign * (b >> 1);
        index++;
      }
      continue;
    }
    let token = b & 0x7f;
    let scale = 0x80;
    let next: number;
    do {
      next = bytes[at++]!;
      token += (next & 0x7f) * scale;
      scale *= 0x80;
    } while (next >= 0x80);
    if (token % 2 === 1) {
      index += ((token + 1) / 2) | 0; // validated: within the side, so ≤ 2^24
    } else {
      dst[(index >> shift) - origin]! += (sign * token) / 2;
      index++;
    }
  }
}

/** Adds a side that EncodedScan.read validated to `target` (indices >> shift), growing it as needed. */
export function addScannedSide(
  bytes: Uint8Array,
  side: EncodedSide,
  target: Buckets,
  shift: number,
  maxBuckets: number,
): void {
  if (side.hi < side.lo) return;
  target.cover(side.lo >> shift, side.hi >> shift, maxBuckets);
  walkTokens(bytes, side, target, shift, 1);
}
