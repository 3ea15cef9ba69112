import { BAIL, fixed64Value, type WireCursor } from './wire-cursor.js';

/**
 * The fields of one protobuf ExponentialHistogramDataPoint as the fast path needs them, read without building
 * objects (one instance is reused for every point). Field numbers are opentelemetry-proto v1's. Attributes stay
 * as bytes: [attrStart, attrEnd) spans them when they are contiguous, which every SDK's encoder produces.
 */
export class WirePoint {
  start = 0;
  end = 0;
  attrCount = 0;
  attrStart = 0;
  attrEnd = 0;
  attrContiguous = true;
  /** Byte offsets of the fixed64 fields, -1 when absent. */
  startTimeAt = -1;
  timeAt = -1;
  countAt = -1;
  zeroCountAt = -1;
  sum = 0;
  hasSum = false;
  /** Raw zigzag varint of `scale`. */
  scaleRaw = 0;
  flags = 0;
  min = 0;
  hasMin = false;
  max = 0;
  hasMax = false;
  zeroThreshold = 0;
  readonly positive = new WireSide();
  readonly negative = new WireSide();

  /** Reads the point in [start, end); BAIL where the reference decoder would fail. */
  read(c: WireCursor, start: number, end: number): void {
    this.start = start;
    this.end = end;
    this.attrCount = 0;
    this.attrContiguous = true;
    this.startTimeAt = this.timeAt = this.countAt = this.zeroCountAt = -1;
    this.hasSum = this.hasMin = this.hasMax = false;
    this.scaleRaw = this.flags = this.zeroThreshold = 0;
    this.positive.clear();
    this.negative.clear();
    c.pos = start;
    let lastWasAttribute = false;
    while (c.pos < end) {
      const tag = c.tag(end);
      const field = Math.floor(tag / 8);
      const wireType = tag & 7;
      const isAttribute = field === 1;
      if (isAttribute) {
        if (wireType !== 2) throw BAIL;
        const at = c.pos;
        const fieldEnd = c.lengthEnd(end);
        if (this.attrCount === 0) this.attrStart = at - tagLength(tag);
        else if (!lastWasAttribute) this.attrContiguous = false;
        this.attrCount++;
        this.attrEnd = fieldEnd;
        c.pos = fieldEnd;
      } else if (field === 2 || field === 3 || field === 4 || field === 7) {
        if (wireType !== 1) throw BAIL;
        const at = c.fixed64At(end);
        if (field === 2) this.startTimeAt = at;
        else if (field === 3) this.timeAt = at;
        else if (field === 4) this.countAt = at;
        else this.zeroCountAt = at;
      } else if (field === 5 || field === 12 || field === 13 || field === 14) {
        if (wireType !== 1) throw BAIL;
        const v = c.double(end);
        if (field === 5) {
          this.sum = v;
          this.hasSum = true;
        } else if (field === 12) {
          this.min = v;
          this.hasMin = true;
        } else if (field === 13) {
          this.max = v;
          this.hasMax = true;
        } else this.zeroThreshold = v;
      } else if (field === 6 || field === 10) {
        if (wireType !== 0) throw BAIL;
        const v = c.varint(end);
        if (field === 6) this.scaleRaw = v;
        else this.flags = v;
      } else if (field === 8 || field === 9) {
        if (wireType !== 2) throw BAIL;
        const fieldEnd = c.lengthEnd(end);
        (field === 8 ? this.positive : this.negative).read(c, fieldEnd);
      } else c.skip(wireType, end);
      lastWasAttribute = isAttribute;
    }
    if (c.pos !== end) throw BAIL;
  }

  fixed64(at: number, buf: Buffer): number {
    return at < 0 ? 0 : fixed64Value(buf, at);
  }
}

/** Bytes the tag varint took (tags of field 1 are one byte; kept general). */
function tagLength(tag: number): number {
  let n = 1;
  for (let v = tag; v >= 0x80; v = Math.floor(v / 128)) n++;
  return n;
}

/**
 * One sign's buckets: `offset` and where the packed bucket_counts lie. `fast` is false for legal encodings the
 * fast path leaves to the reference one (unpacked or repeated counts).
 */
export class WireSide {
  offsetRaw = 0;
  countsStart = 0;
  countsEnd = 0;
  fast = true;
  // Filled by scan():
  n = 0;
  total = 0;
  /** Positions (0-based, within the counts) of the first and last non-zero count; -1 when all are zero. */
  first = -1;
  last = -1;

  clear(): void {
    this.offsetRaw = 0;
    this.countsStart = this.countsEnd = 0;
    this.fast = true;
  }

  get offset(): number {
    const n = this.offsetRaw;
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  }

  /** Reads a Buckets message (the last one wins, as in the reference decoder). */
  read(c: WireCursor, end: number): void {
    this.clear();
    let seenCounts = false;
    while (c.pos < end) {
      const tag = c.tag(end);
      const field = Math.floor(tag / 8);
      const wireType = tag & 7;
      if (field === 1) {
        if (wireType !== 0) throw BAIL;
        this.offsetRaw = c.varint(end);
      } else if (field === 2) {
        if (wireType === 2) {
          const fieldEnd = c.lengthEnd(end);
          if (seenCounts) this.fast = false;
          seenCounts = true;
          this.countsStart = c.pos;
          this.countsEnd = fieldEnd;
          c.pos = fieldEnd;
        } else if (wireType === 0) {
          c.varint(end);
          this.fast = false;
        } else throw BAIL;
      } else c.skip(wireType, end);
    }
    if (c.pos !== end) throw BAIL;
  }

  /**
   * Walks the packed counts: n, total, first and last non-zero. False (leave the point to the reference path)
   * for counts of 8+ byte varints (≥ 2^49, or negative int64) or a total beyond 2^53; BAIL when truncated.
   */
  scan(buf: Buffer): boolean {
    let at = this.countsStart;
    const end = this.countsEnd;
    let n = 0;
    let total = 0;
    let first = -1;
    let last = -1;
    while (at < end) {
      let value = 0;
      let multiplier = 1;
      let i = 0;
      for (; ; i++) {
        if (i === 7) return false;
        if (at >= end) throw BAIL;
        const byte = buf[at++] as number;
        value += (byte & 0x7f) * multiplier;
        if (byte < 0x80) break;
        multiplier *= 128;
      }
      if (value !== 0) {
        if (first < 0) first = n;
        last = n;
        total += value;
      }
      n++;
    }
    this.n = n;
    this.total = total;
    this.first = first;
    this.last = last;
    return total <= Number.MAX_SAFE_INTEGER;
  }
}
