import { ExponentialHistogram } from '@stride/agent';
import type { Database, Statement } from 'better-sqlite3';
import type { BucketRow } from '../aggregate-builder.js';
import type { PendingBucket } from '../pending-buckets.js';
import type { RollupDelta } from '../rollup-buffer.js';
import type { Tier } from '../store.js';
import { toBlob } from './blob.js';
import type { FinestWriterSql } from './finest-writer-thread.js';

/** SQL function merging two encoded histograms (NULL-tolerant); what a coarse upsert does to `hist`. */
export const HIST_MERGE_FUNCTION = 'stride_hist_merge';

/** One finest-tier part: the merged points of one write batch for one (bucket, series). */
export interface FinestPart extends Omit<BucketRow, 'hist'> {
  seriesId: number;
  startMs: number;
  hist: Buffer | null;
}

/** Rows per multi-row INSERT: one statement per 32 parts costs ~half as much per row as one per part. */
const PARTS_PER_INSERT = 32;

/**
 * The statements that store points; run inside the caller's transaction.
 *  - finest tier: appendFinest adds each (bucket, series) delta of a write batch as a new part numbered with the
 *    batch's write sequence (unique: each write transaction takes the file's write lock and the next number), so
 *    storing a point is a plain INSERT, never a read.
 *  - coarse tiers: upsertDelta / upsertPending merge a delta into the bucket's row in one statement (the histogram
 *    merge runs inside SQLite via HIST_MERGE_FUNCTION), so concurrent writers to one file stay exact with no
 *    read-modify-write in JS. Called per flush for the RollupBuffer's deltas, and per write when writing through.
 */
export class PointWriter {
  private readonly appendOne: Statement;
  private readonly appendMany: Statement;
  private readonly selectSeq: Statement;
  private readonly updateSeq: Statement;
  /** Per coarse tier (index 0, the finest, has none). */
  private readonly upsert: (Statement | null)[];
  private readonly markPending: Statement;
  private readonly clearPendingRows: Statement;
  private readonly clearPendingUpTo: Statement;
  /** The finest-tier statements' SQL, for FinestWriterThread's own connection. */
  readonly finestSql: FinestWriterSql;

  constructor(db: Database, tiers: readonly Tier[]) {
    registerHistogramMerge(db);
    const finest = (tiers[0] as Tier).name;
    const columns = '(start_ms, series_id, part, count, sum, min, max, last, last_ms, hist)';
    const values = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
    this.appendOne = db.prepare(`INSERT INTO points_${finest} ${columns} VALUES ${values}`);
    this.appendMany = db.prepare(
      `INSERT INTO points_${finest} ${columns} VALUES ${Array(PARTS_PER_INSERT).fill(values).join(', ')}`,
    );
    this.selectSeq = db.prepare("SELECT value FROM meta WHERE key = 'write_seq'").pluck();
    this.updateSeq = db.prepare(
      "INSERT INTO meta (key, value) VALUES ('write_seq', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    );
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
    this.markPending = db.prepare('INSERT OR IGNORE INTO rollup_pending (seq, start_ms) VALUES (?, ?)');
    this.clearPendingRows = db.prepare('DELETE FROM rollup_pending');
    this.clearPendingUpTo = db.prepare('DELETE FROM rollup_pending WHERE seq <= ?');
    this.finestSql = {
      appendOne: this.appendOne.source,
      appendMany: this.appendMany.source,
      partsPerInsert: PARTS_PER_INSERT,
      selectSeq: this.selectSeq.source,
      updateSeq: this.updateSeq.source,
      markPending: this.markPending.source,
      // Batches may announce their newest time out of order: the stored value only ever grows.
      upsertLatest: `INSERT INTO meta (key, value) VALUES ('latest_point_ms', ?) ON CONFLICT (key) DO UPDATE SET
        value = CASE WHEN CAST(value AS REAL) < CAST(excluded.value AS REAL) THEN excluded.value ELSE value END`,
    };
  }

  /** Takes the next write sequence number: the part number of this transaction's finest rows. */
  nextWriteSeq(): number {
    const seq = Number(this.selectSeq.get() ?? 0) + 1;
    this.updateSeq.run(String(seq));
    return seq;
  }

  /** Stores one write batch's finest-tier parts (at most one per bucket and series), all numbered `part`. */
  appendFinest(parts: readonly FinestPart[], part: number): void {
    const args: unknown[] = [];
    let i = 0;
    for (; i + PARTS_PER_INSERT <= parts.length; i += PARTS_PER_INSERT) {
      args.length = 0;
      for (let k = i; k < i + PARTS_PER_INSERT; k++) pushPart(args, parts[k] as FinestPart, part);
      this.appendMany.run(args);
    }
    for (; i < parts.length; i++) {
      args.length = 0;
      pushPart(args, parts[i] as FinestPart, part);
      this.appendOne.run(args);
    }
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

  /** Records that write `seq`'s parts in finest bucket `startMs` are not in the coarse rows yet (for recovery). */
  markRollupPending(seq: number, startMs: number): void {
    this.markPending.run(seq, startMs);
  }

  /**
   * After a flush: every coarse row is complete again — up to write `uptoSeq` when given (writes committed by
   * the writer thread but not yet in the buffer keep their entries).
   */
  clearRollupPending(uptoSeq?: number): void {
    if (uptoSeq === undefined) this.clearPendingRows.run();
    else this.clearPendingUpTo.run(uptoSeq);
  }
}

function pushPart(args: unknown[], p: FinestPart, part: number): void {
  args.push(p.startMs, p.seriesId, part, p.count, p.sum, p.min, p.max, p.last, p.lastMs, p.hist);
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
