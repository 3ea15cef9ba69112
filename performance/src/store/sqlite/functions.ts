import { ExponentialHistogram } from '@stride/agent';
import type { Database } from 'better-sqlite3';

/** Wraps encoder output as a Buffer without copying (better-sqlite3 binds and returns Buffers as BLOBs). */
export function toBlob(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * SQL functions over encoded histograms, so upserts merge inside the statement:
 * - hist_merge(a, b) → encode(decode(a) ⊕ decode(b)); NULL on one side returns the other.
 * - hist_merge_all(blob) aggregate → encode of all non-NULL blobs merged, or NULL.
 */
export function registerHistogramFunctions(db: Database): void {
  db.function('hist_merge', { deterministic: true }, (a: unknown, b: unknown) => {
    if (!(a instanceof Uint8Array)) return b instanceof Uint8Array ? b : null;
    if (!(b instanceof Uint8Array)) return a;
    return toBlob(ExponentialHistogram.decode(a).merge(ExponentialHistogram.decode(b)).encode());
  });
  db.aggregate('hist_merge_all', {
    start: (): ExponentialHistogram | null => null,
    step: (acc: ExponentialHistogram | null, blob: unknown) => {
      if (!(blob instanceof Uint8Array)) return acc;
      const h = ExponentialHistogram.decode(blob);
      return acc === null ? h : acc.merge(h);
    },
    result: (acc: ExponentialHistogram | null) => (acc === null ? null : toBlob(acc.encode())),
  });
}
