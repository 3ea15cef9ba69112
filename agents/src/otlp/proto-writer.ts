/**
 * Protocol-buffers wire writer into one growable Buffer that is reused from message to message. protobufjs'
 * Writer queues one operation object per field written (and a LongBits object per 64-bit value), so a 500-point
 * histogram batch with ~125,000 bucket counts leaves megabytes of short-lived objects; this writes bytes directly.
 *
 * Nested messages: `fork()` reserves one byte for the length and `ldelim()` fills it in, moving the body right when
 * the length needs more bytes (≥ 128). Example: fork(); string(1, 'ab'); ldelim() on an empty writer gives
 * [0x04, 0x0a, 0x02, 0x61, 0x62] — length 4, then field 1 (tag 0x0a) of length 2.
 */
export class ProtoWriter {
  #buf: Buffer;
  #pos = 0;
  readonly #forks: number[] = [];

  constructor(initialBytes = 64 * 1024) {
    this.#buf = Buffer.allocUnsafe(initialBytes);
  }

  get length(): number {
    return this.#pos;
  }

  /** Empties the writer, keeping its buffer. */
  reset(): void {
    this.#pos = 0;
    this.#forks.length = 0;
  }

  /** The bytes written so far: a view of the internal buffer, valid until the next write or reset. */
  view(): Uint8Array {
    return this.#buf.subarray(0, this.#pos);
  }

  tag(field: number, wireType: 0 | 1 | 2 | 5): this {
    return this.varint(field * 8 + wireType);
  }

  /** A non-negative integer up to 2^53 as a base-128 varint. */
  varint(value: number): this {
    this.#reserve(10);
    let v = value;
    while (v >= 0x80) {
      this.#buf[this.#pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.#buf[this.#pos++] = v;
    return this;
  }

  /** int64 as a varint: a decimal string (exact beyond 2^53) or an integer number; negatives take 10 bytes. */
  int64(value: string | number): this {
    if (typeof value === 'number' && value >= 0 && Number.isSafeInteger(value)) return this.varint(value);
    let v = BigInt.asUintN(64, BigInt(value));
    this.#reserve(10);
    while (v >= 0x80n) {
      this.#buf[this.#pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.#buf[this.#pos++] = Number(v);
    return this;
  }

  /** int32 and enums: negatives are sign-extended to 10 bytes, as the specification requires. */
  int32(value: number): this {
    return value >= 0 ? this.varint(value) : this.int64(value | 0);
  }

  sint32(value: number): this {
    return this.varint(((value << 1) ^ (value >> 31)) >>> 0);
  }

  /** fixed64 from an integer number or a decimal string (nanosecond timestamps exceed 2^53). */
  fixed64(value: string | number): this {
    this.#reserve(8);
    if (typeof value === 'number' && value >= 0 && value <= Number.MAX_SAFE_INTEGER) {
      this.#buf.writeUInt32LE(value % 0x1_0000_0000, this.#pos);
      this.#buf.writeUInt32LE(Math.floor(value / 0x1_0000_0000), this.#pos + 4);
    } else {
      this.#buf.writeBigUInt64LE(BigInt.asUintN(64, BigInt(value)), this.#pos);
    }
    this.#pos += 8;
    return this;
  }

  fixed32(value: number): this {
    this.#reserve(4);
    this.#buf.writeUInt32LE(value >>> 0, this.#pos);
    this.#pos += 4;
    return this;
  }

  double(value: number): this {
    this.#reserve(8);
    this.#buf.writeDoubleLE(value, this.#pos);
    this.#pos += 8;
    return this;
  }

  bool(value: boolean): this {
    return this.varint(value ? 1 : 0);
  }

  /** A length-delimited UTF-8 string, tag included. */
  string(field: number, value: string): this {
    const bytes = Buffer.byteLength(value);
    this.tag(field, 2).varint(bytes);
    this.#reserve(bytes);
    this.#pos += this.#buf.write(value, this.#pos, 'utf8');
    return this;
  }

  /** Length-delimited raw bytes, tag included. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, 2).varint(value.length);
    this.raw(value);
    return this;
  }

  /**
   * Length-delimited bytes given as hex (trace and span ids), tag included, written without a Buffer per id.
   * Returns false, writing nothing, when `hex` is not an even number of hex digits.
   */
  hex(field: number, hex: string): boolean {
    if (hex.length % 2 !== 0) return false;
    const start = this.#pos;
    this.tag(field, 2).varint(hex.length / 2);
    this.#reserve(hex.length / 2);
    for (let i = 0; i < hex.length; i += 2) {
      const hi = hexValue(hex.charCodeAt(i));
      const lo = hexValue(hex.charCodeAt(i + 1));
      if (hi < 0 || lo < 0) {
        this.#pos = start;
        return false;
      }
      this.#buf[this.#pos++] = hi * 16 + lo;
    }
    return true;
  }

  /** Bytes copied as they are (an already-encoded message body). */
  raw(value: Uint8Array): this {
    this.#reserve(value.length);
    this.#buf.set(value, this.#pos);
    this.#pos += value.length;
    return this;
  }

  /** Starts a length-delimited field whose body follows; the caller writes its tag first. */
  fork(): this {
    this.#reserve(1);
    this.#forks.push(this.#pos);
    this.#pos += 1;
    return this;
  }

  /** Ends the innermost fork, writing the body's length in front of it. */
  ldelim(): this {
    const start = this.#forks.pop();
    if (start === undefined) throw new Error('ProtoWriter.ldelim without fork');
    const bodyStart = start + 1;
    const length = this.#pos - bodyStart;
    const lengthBytes = varintSize(length);
    if (lengthBytes > 1) {
      this.#reserve(lengthBytes - 1);
      this.#buf.copyWithin(start + lengthBytes, bodyStart, this.#pos);
      this.#pos += lengthBytes - 1;
    }
    // The room is already there: write the length in place (no #reserve, which copies only up to #pos).
    let at = start;
    let v = length;
    while (v >= 0x80) {
      this.#buf[at++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.#buf[at] = v;
    return this;
  }

  #reserve(bytes: number): void {
    if (this.#pos + bytes <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < this.#pos + bytes) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.#buf.copy(next, 0, 0, this.#pos);
    this.#buf = next;
  }
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 97 && code <= 102) return code - 87; // a-f
  if (code >= 65 && code <= 70) return code - 55; // A-F
  return -1;
}

function varintSize(value: number): number {
  let size = 1;
  for (let v = value; v >= 0x80; v = Math.floor(v / 0x80)) size++;
  return size;
}
