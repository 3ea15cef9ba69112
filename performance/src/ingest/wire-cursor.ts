/**
 * Thrown (one shared instance, no stack) when the fused fast path meets bytes it does not take on itself: malformed
 * protobuf, or a legal but rare encoding (varints over 7 bytes, unpacked repeated fields). The caller then runs the
 * reference path (decodeMetricsRequestFast + convertMetricsRequest), which accepts or explains them.
 */
export const BAIL: Error = Object.freeze(new Error('fast path bailed out'));

/**
 * A read position in a protobuf buffer with the few primitives the fast path needs. Structural checks match the
 * reference decoder's (otlp-protobuf.ts): anything it would reject throws BAIL here, so the reference path runs
 * and produces its error message.
 */
export class WireCursor {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  /** Unsigned varint of at most 7 bytes (< 2^49), exact; anything longer throws BAIL. */
  varint(end: number): number {
    const buf = this.buf;
    let result = 0;
    let multiplier = 1;
    for (let i = 0; i < 7; i++) {
      if (this.pos >= end) throw BAIL;
      const byte = buf[this.pos++] as number;
      result += (byte & 0x7f) * multiplier;
      if (byte < 0x80) return result;
      multiplier *= 128;
    }
    throw BAIL;
  }

  /** A length prefix whose bytes lie within `end`; returns the end of the field. */
  lengthEnd(end: number): number {
    const len = this.varint(end);
    const fieldEnd = this.pos + len;
    if (fieldEnd > end) throw BAIL;
    return fieldEnd;
  }

  /** Low and high 32-bit halves of a fixed64 are read by the caller; this checks room and advances. */
  fixed64At(end: number): number {
    const at = this.pos;
    if (at + 8 > end) throw BAIL;
    this.pos = at + 8;
    return at;
  }

  double(end: number): number {
    const at = this.fixed64At(end);
    return this.buf.readDoubleLE(at);
  }

  /** Skips an unknown field as the reference decoder does (wire types 0, 1, 2, 5; others are malformed). */
  skip(wireType: number, end: number): void {
    if (wireType === 0) this.varint(end);
    else if (wireType === 2) this.pos = this.lengthEnd(end);
    else if (wireType === 1 || wireType === 5) {
      const len = wireType === 1 ? 8 : 4;
      if (this.pos + len > end) throw BAIL;
      this.pos += len;
    } else throw BAIL;
  }

  /** Field number and wire type of the next tag, packed as fieldNo * 8 + wireType (the tag itself). */
  tag(end: number): number {
    return this.varint(end);
  }
}

/** The fixed64 at `at` as the reference decoder reads it: exact below 2^53, rounded above. */
export function fixed64Value(buf: Buffer, at: number): number {
  return buf.readUInt32LE(at + 4) * 4_294_967_296 + buf.readUInt32LE(at);
}
