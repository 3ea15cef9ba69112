import { ExponentialHistogram } from '@stride/agent';
import type { Database, Statement } from 'better-sqlite3';
import type { PendingBucket } from '../pending-buckets.js';
import type { Tier } from '../store.js';
import { toBlob } from './blob.js';

export interface PointWriterOptions {
  /** Decoded histograms of the newest bucket per (tier, series) kept in memory; ~4–16 KiB each. */
  hotBucketLimit?: number;
}

interface HotBucket {
  startMs: number;
  /** The stored row's count when this entry was last in step with it; an optimistic check against other writers. */
  count: number;
  histogram: ExponentialHistogram;
}

/**
 * Writes pre-aggregated buckets into the tier tables; runs inside the caller's transaction.
 *
 * Merging a histogram into a stored bucket means decode + merge + encode. Coarse buckets take a write from every
 * series every flush (a 1 h bucket is rewritten ~360 times), so the decoded histogram of each series' current bucket
 * stays in memory and the stored blob is only ever decoded once:
 *  - first write of a bucket: INSERT the delta as is (no decode);
 *  - a bucket in memory: merge the delta into it, encode, UPDATE ... WHERE count = <count we hold>;
 *  - otherwise (second write, evicted, or the UPDATE found another writer's count): SELECT, decode, merge, UPDATE,
 *    and keep the result in memory.
 * Sums and gauges carry no histogram and use one plain upsert.
 */
export class PointWriter {
  private readonly hot = new Map<string, HotBucket>();
  private readonly hotBucketLimit: number;
  private readonly upsertValue: Statement[];
  private readonly insertIfAbsent: Statement[];
  private readonly selectRow: Statement[];
  private readonly updateMerged: Statement[];

  constructor(db: Database, tiers: readonly Tier[], { hotBucketLimit = 4096 }: PointWriterOptions = {}) {
    this.hotBucketLimit = hotBucketLimit;
    const columns = 'series_id, start_ms, count, sum, min, max, last, last_ms, hist';
    this.upsertValue = tiers.map((t) =>
      db.prepare(`
        INSERT INTO points_${t.name} (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)
        ON CONFLICT (series_id, start_ms) DO UPDATE SET
          count = count + excluded.count,
          sum = sum + excluded.sum,
          min = min(min, excluded.min),
          max = max(max, excluded.max),
          last = CASE WHEN excluded.last_ms >= coalesce(last_ms, excluded.last_ms) THEN excluded.last ELSE last END,
          last_ms = max(coalesce(last_ms, excluded.last_ms), excluded.last_ms)`),
    );
    this.insertIfAbsent = tiers.map((t) =>
      db.prepare(`INSERT INTO points_${t.name} (${columns}) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?)
        ON CONFLICT (series_id, start_ms) DO NOTHING`),
    );
    this.selectRow = tiers.map((t) =>
      db.prepare(`SELECT count, hist FROM points_${t.name} WHERE series_id = ? AND start_ms = ?`).raw(true),
    );
    this.updateMerged = tiers.map((t) =>
      db.prepare(`UPDATE points_${t.name}
        SET count = count + ?, sum = sum + ?, min = min(min, ?), max = max(max, ?), hist = ?
        WHERE series_id = ? AND start_ms = ? AND count = ?`),
    );
  }

  write(buckets: Iterable<PendingBucket>): void {
    // One caller histogram usually lands unmerged in all three tiers: encode it once.
    const encoded = new Map<ExponentialHistogram, Buffer>();
    for (const b of buckets) {
      if (b.histograms.length === 0) {
        at(this.upsertValue, b.tierIndex).run(b.seriesId, b.startMs, b.count, b.sum, b.min, b.max, b.last, b.lastMs);
      } else {
        this.writeHistogram(b, encoded);
      }
    }
  }

  /** Forgets every in-memory bucket; call after a failed transaction, whose rollback they no longer match. */
  invalidate(): void {
    this.hot.clear();
  }

  private writeHistogram(b: PendingBucket, encoded: Map<ExponentialHistogram, Buffer>) {
    const key = `${b.tierIndex}:${b.seriesId}`;
    const hot = this.hot.get(key);
    if (hot !== undefined && hot.startMs === b.startMs) {
      for (const delta of b.histograms) hot.histogram.merge(delta);
      if (this.update(b, hot.histogram, hot.count)) {
        hot.count += b.count;
        this.touch(key, hot);
        return;
      }
    }
    this.hot.delete(key);
    const blob = encodeDeltas(b.histograms, encoded);
    const inserted = at(this.insertIfAbsent, b.tierIndex).run(
      b.seriesId,
      b.startMs,
      b.count,
      b.sum,
      b.min,
      b.max,
      blob,
    );
    if (inserted.changes > 0) return;
    const stored = at(this.selectRow, b.tierIndex).get(b.seriesId, b.startMs) as [number, Buffer | null];
    const merged = stored[1] === null ? new ExponentialHistogram() : ExponentialHistogram.decode(stored[1]);
    for (const delta of b.histograms) merged.merge(delta);
    this.update(b, merged, stored[0]);
    this.touch(key, { startMs: b.startMs, count: stored[0] + b.count, histogram: merged });
  }

  private update(b: PendingBucket, merged: ExponentialHistogram, expectedCount: number): boolean {
    const blob = toBlob(merged.encode());
    const args = [b.count, b.sum, b.min, b.max, blob, b.seriesId, b.startMs, expectedCount];
    return at(this.updateMerged, b.tierIndex).run(...args).changes > 0;
  }

  /** Re-inserts `key` as the most recent entry and evicts the least recently written beyond the limit. */
  private touch(key: string, entry: HotBucket): void {
    this.hot.delete(key);
    this.hot.set(key, entry);
    if (this.hot.size > this.hotBucketLimit) {
      const oldest = this.hot.keys().next();
      if (!oldest.done) this.hot.delete(oldest.value);
    }
  }
}

/** Blob of the deltas merged; a lone delta (the usual 10 s case) is encoded once and shared across tiers. */
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

function at(statements: readonly Statement[], index: number): Statement {
  return statements[index] as Statement;
}
