import type { ExponentialHistogram } from '@stride/agent';
import type Database from 'better-sqlite3';
import type { MetricPoint } from '../../ingest/points.js';
import type { MergedRangeCache } from '../merged-range-cache.js';
import { invalidPointReason, type PendingBucket, PendingBuckets } from '../pending-buckets.js';
import type { RollupBuffer } from '../rollup-buffer.js';
import type { SeriesRegistry } from '../series-registry.js';
import type { Tier, WriteResult } from '../store.js';
import { coverageStartMs } from '../tiers.js';
import type { PointWriter } from './point-writer.js';

export interface WritePathOptions {
  db: Database.Database;
  tiers: readonly Tier[];
  registry: SeriesRegistry;
  writer: PointWriter;
  rollups: RollupBuffer;
  cache: MergedRangeCache | null;
  nowMs: () => number;
  /** Advances the newest point time (persisted in the same transaction). */
  advanceLatest: (timeMs: number) => void;
  /** Resyncs in-memory state with the database after a rolled-back transaction. */
  reload: () => void;
  /** Flush the RollupBuffer once it holds more deltas than this. */
  maxPendingRollups: number;
}

export interface WritePath {
  /** Stores a batch of write() calls in one transaction; one result per call. */
  write(calls: readonly (readonly MetricPoint[])[]): WriteResult[];
  /** Merges every buffered coarse delta into its row, in one transaction. */
  flushRollups(): void;
  /** Detects another connection writing the file: clears the cache and stops deferring (see below). */
  checkOtherWriters(): void;
}

/**
 * The write transaction. Each point goes into the finest tier as an appended part (durable when the transaction
 * commits); its coarse buckets are either merged into their rows in the same transaction (write-through) or left
 * to the RollupBuffer and marked in rollup_pending (deferred). A coarse bucket is deferred while the finest tier
 * still holds all of it (its start is within the finest tier's retention), so it can always be rebuilt from there.
 *
 * Another process writing the same file would not see this process's buffered deltas, nor would its writes reach
 * this process's cache; SQLite's data_version reveals it, and from then on this store writes through and drops
 * its cache. (The embedded store is meant for one process; the check keeps the odd second one exact.)
 */
export function createWritePath(options: WritePathOptions): WritePath {
  const { db, tiers, registry, writer, rollups, cache, nowMs, advanceLatest, reload, maxPendingRollups } = options;
  const finestStepMs = (tiers[0] as Tier).stepMs;
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  let seenVersion = dataVersion.get();
  let writeThrough = false;

  const writeTx = db.transaction((calls: readonly (readonly MetricPoint[])[]) => {
    const pending = new PendingBuckets(tiers);
    let newestMs = Number.NEGATIVE_INFINITY;
    const results = calls.map((points) => {
      const result = { written: 0, overflowed: 0, rejected: 0 };
      for (const point of points) {
        const resolved = registry.resolve(point.series);
        if ('rejected' in resolved || invalidPointReason(point, resolved.ref.kind) !== null) {
          result.rejected++;
          continue;
        }
        pending.add(resolved.ref.id, point);
        if (point.timeMs > newestMs) newestMs = point.timeMs;
        result.written++;
        if (resolved.overflowed) result.overflowed++;
      }
      return result;
    });
    const deferFromMs = writeThrough ? Number.POSITIVE_INFINITY : coverageStartMs(tiers, 0, nowMs());
    const encoded = new Map<ExponentialHistogram, Buffer>();
    const deferred: PendingBucket[] = [];
    for (const b of pending.values()) {
      if (b.tierIndex === 0) {
        writer.appendFinest(b, encoded);
      } else if (b.startMs >= deferFromMs) {
        if (!rollups.has(b.tierIndex, b.seriesId, b.startMs)) writer.markRollupPending(b);
        deferred.push(b);
      } else {
        writer.upsertPending(b, encoded);
      }
    }
    advanceLatest(newestMs);
    return { results, pending, deferred };
  });

  const flushTx = db.transaction(() => {
    for (const delta of rollups.entries()) writer.upsertDelta(delta);
    writer.clearRollupPending();
  });

  const flushRollups = () => {
    if (rollups.size === 0) return;
    flushTx();
    rollups.clear();
  };

  const checkOtherWriters = () => {
    const version = dataVersion.get();
    if (version === seenVersion) return;
    seenVersion = version;
    writeThrough = true;
    cache?.clear();
    flushRollups();
  };

  return {
    write(calls) {
      checkOtherWriters();
      let outcome: ReturnType<typeof writeTx>;
      try {
        outcome = writeTx.immediate(calls);
      } catch (err) {
        reload();
        throw err;
      }
      // Committed: only now do the deltas join the buffer, so a rolled-back write leaves it untouched.
      for (const b of outcome.deferred) rollups.add(b);
      if (cache !== null) {
        for (const b of outcome.pending.values()) {
          if (b.tierIndex === 0) cache.invalidate(b.seriesId, b.startMs, b.startMs + finestStepMs);
        }
      }
      if (rollups.size > maxPendingRollups) flushRollups();
      return outcome.results;
    },
    flushRollups,
    checkOtherWriters,
  };
}
