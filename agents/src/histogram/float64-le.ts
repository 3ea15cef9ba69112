/**
 * Little-endian IEEE-754 f64 read/write at any byte offset, without a DataView per call: a query reads 4 floats
 * from each of tens of thousands of blobs, and constructing a DataView costs more than the rest of the header.
 *
 * Reading assembles the value arithmetically (mantissa × 2^(exponent − 1075), exact: the mantissa is an
 * integer below 2^53 and the power of two comes from a table). Writing goes through an 8-byte scratch that
 * is module-level but cannot leak between calls: it is filled and read back before the function returns.
 */

/** POW2[i] = 2^(i − 1074), exactly (doubling from the smallest subnormal), for exponent fields 1..2046. */
const POW2 = new Float64Array(2046);
for (let i = 0, p = Number.MIN_VALUE; i < POW2.length; i++, p *= 2) POW2[i] = p;
const IMPLICIT_BIT = 2 ** 52;

export function readFloat64LE(b: Uint8Array, at: number): number {
  const lo = (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
  const hi = b[at + 4]! | (b[at + 5]! << 8) | (b[at + 6]! << 16) | (b[at + 7]! << 24);
  const exponent = (hi >>> 20) & 0x7ff;
  const mantissa = (hi & 0xfffff) * 0x100000000 + lo;
  let v: number;
  if (exponent === 0) v = mantissa * Number.MIN_VALUE;
  else if (exponent === 0x7ff) v = mantissa === 0 ? Number.POSITIVE_INFINITY : Number.NaN;
  else v = (mantissa + IMPLICIT_BIT) * POW2[exponent - 1]!;
  return hi < 0 ? -v : v;
}

const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = littleEndian ? 0 : 1;
const HI = littleEndian ? 1 : 0;

export function writeFloat64LE(b: Uint8Array, at: number, value: number): void {
  scratch[0] = value;
  const lo = words[LO]!;
  const hi = words[HI]!;
  b[at] = lo;
  b[at + 1] = lo >>> 8;
  b[at + 2] = lo >>> 16;
  b[at + 3] = lo >>> 24;
  b[at + 4] = hi;
  b[at + 5] = hi >>> 8;
  b[at + 6] = hi >>> 16;
  b[at + 7] = hi >>> 24;
}
