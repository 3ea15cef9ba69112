import { ExponentialHistogram } from '@stride/agent';
import type { Database, Statement } from 'better-sqlite3';
import type { PendingBucket } from '../pending-buckets.js';
import type { RollupDelta } from '../rollup-buffer.js';
import type { Tier } from '../store.js';
import { toBlob } from './blob.js';

/** SQL function merging two encoded histograms (NULL-tolerant); what a coarse upsert does to `hist`. */
export const HIST_MERGE_FUNCTION = 'stride_hist_merge';

/**
 * The statements that store points; run inside the caller's transaction.
 *  - finest tier: appendFinest adds the batch's delta for a (bucket, series) as a new part: an INSERT, never a read.
 *  - coarse tiers: upsertCoarse merges a delta into the bucket's row in one statement (the histogram merge runs in
 *    SQLite via HIST_MERGE_FUNCTION), so concurrent writers to one file stay exact without read-modify-write in JS.
 *    Called per write for write-through buckets, and per flush for the RollupBuffer's deltas.
 */
export class PointWriter {
  private readonly appendPart: Statement;
  /** Per coarse tier (index 0, the finest, has none). */
  private readonly upsert: (Statement | null)[];
  private readonly markPending: Statement;
  private readonly clearPendingRows: Statement;

  constructor(
    db: Database,
    private readonly tiers: readonly Tier[],
  ) {
    registerHistogramMerge(db);
    const finest = (tiers[0] as Tier).name;
    this.appendPart = db.prepare(`
      INSERT INTO points_${finest} (start_ms, series_id, part, count, sum, min, max, last, last_ms, hist)
      VALUES (?, ?, coalesce((SELECT max(part) + 1 FROM points_${finest} WHERE start_ms = ? AND series_id = ?), 0),
              ?, ?, ?, ?, ?, ?, ?)`);
    this.upsert = tiers.map((t, i) =>
      i === 0
        ? null
        : db.prepare(`
        INSERT INTO points_${t.name} (series_id, start_ms, count, sum, min, max, last, last_ms, hist)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (series_id, start_ms) DO UPDATE SET
          count = count + excluded.count,
          sum = sum + excluded.sum,
          min = min(min, excluded.min),
          max = max(max, excluded.max),
          last = CASE WHEN excluded.last_ms >= coalesce(last_ms, excluded.last_ms) THEN excluded.last ELSE last END,
          last_ms = max(coalesce(last_ms, excluded.last_ms), excluded.last_ms),
          hist = ${HIST_MERGE_FUNCTION}(hist, excluded.hist)`),
    );
    this.markPending = db.prepare('INSERT OR IGNORE INTO rollup_pending (tier, start_ms, series_id) VALUES (?, ?, ?)');
    this.clearPendingRows = db.prepare('DELETE FROM rollup_pending');
  }

  /** Stores the batch's delta for one finest-tier bucket as a new part. */
  appendFinest(b: PendingBucket, encoded: Map<ExponentialHistogram, Buffer>): void {
    const hist = b.histograms.length === 0 ? null : encodeDeltas(b.histograms, encoded);
    this.appendPart.run(
      b.startMs,
      b.seriesId,
      b.startMs,
      b.seriesId,
      b.count,
      b.sum,
      b.min,
      b.max,
      b.last,
      b.lastMs,
      hist,
    );
  }

  /** Merges a batch's delta straight into its coarse row (write-through). */
  upsertPending(b: PendingBucket, encoded: Map<ExponentialHistogram, Buffer>): void {
    const hist = b.histograms.length === 0 ? null : encodeDeltas(b.histograms, encoded);
    const statement = this.upsert[b.tierIndex] as Statement;
    statement.run(b.seriesId, b.startMs, b.count, b.sum, b.min, b.max, b.last, b.lastMs, hist);
  }

  /** Merges a buffered delta into its coarse row (a flush). */
  upsertDelta(d: RollupDelta): void {
    const hist = d.histogram === null ? null : toBlob(d.histogram.encode());
    const statement = this.upsert[d.tierIndex] as Statement;
    statement.run(d.seriesId, d.startMs, d.count, d.sum, d.min, d.max, d.last, d.lastMs, hist);
  }

  /** Records that a coarse bucket has deltas only in the finest tier and the buffer (rebuilt after a crash). */
  markRollupPending(b: PendingBucket): void {
    this.markPending.run((this.tiers[b.tierIndex] as Tier).name, b.startMs, b.seriesId);
  }

  /** After a flush: every coarse row is complete again. */
  clearRollupPending(): void {
    this.clearPendingRows.run();
  }
}

/** Registers HIST_MERGE_FUNCTION(stored, delta): the merged encoding; NULL when both are NULL. */
function registerHistogramMerge(db: Database): void {
  db.function(HIST_MERGE_FUNCTION, { deterministic: true }, (stored: unknown, delta: unknown) => {
    if (!(stored instanceof Uint8Array)) return delta instanceof Uint8Array ? delta : null;
    if (!(delta instanceof Uint8Array)) return stored;
    return toBlob(ExponentialHistogram.decode(stored).mergeEncoded(delta).encode());
  });
}

/** Blob of the deltas merged; a lone delta (the usual case) is encoded once and shared across tiers. */
function encodeDeltas(deltas: readonly ExponentialHistogram[], encoded: Map<ExponentialHistogram, Buffer>): Buffer {
  const [first, ...rest] = deltas as [ExponentialHistogram, ...ExponentialHistogram[]];
  if (rest.length > 0) {
    const merged = first.clone();
    for (const delta of rest) merged.merge(delta);
    return toBlob(merged.encode());
  }
  let blob = encoded.get(first);
  if (blob === undefined) {
    blob = toBlob(first.encode());
    encoded.set(first, blob);
  }
  return blob;
}
