/** Wraps encoder output as a Buffer without copying (better-sqlite3 binds Buffers as BLOBs). */
export function toBlob(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
