import type { ExponentialHistogram } from '@stride/agent';
import type Database from 'better-sqlite3';
import type { MetricPoint } from '../../ingest/points.js';
import type { MergedRangeCache } from '../merged-range-cache.js';
import { invalidPointReason, PendingBuckets } from '../pending-buckets.js';
import type { RollupBuffer } from '../rollup-buffer.js';
import type { SeriesRegistry } from '../series-registry.js';
import type { Tier, WriteResult } from '../store.js';
import { FinestBatch } from './finest-batch.js';
import type { PointWriter } from './point-writer.js';
import type { RollupOwnership } from './rollup-owner.js';

export interface WritePathOptions {
  db: Database.Database;
  tiers: readonly Tier[];
  registry: SeriesRegistry;
  writer: PointWriter;
  rollups: RollupBuffer;
  cache: MergedRangeCache | null;
  /** Whether this store may buffer coarse deltas (see claimRollupOwnership); if not it writes through. */
  ownership: RollupOwnership;
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
 * The write transaction. Each point goes into the finest tier as an appended part numbered with the transaction's
 * write sequence (durable when the transaction commits). Its coarse buckets are left to the RollupBuffer, the
 * transaction listing its (sequence, bucket) pairs in rollup_pending so a crash loses nothing: the next owner merges
 * those parts into the coarse rows. A store that does not own the file's buffering (claimRollupOwnership) merges
 * into the coarse rows in the same transaction instead (write-through).
 *
 * Another process writing the same file would not see this store's buffered deltas, nor would its writes reach
 * this store's cache; SQLite's data_version reveals it, and from then on this store flushes, writes through and
 * drops its cache. (The embedded store is meant for one process; the check keeps the odd second one exact.)
 */
export function createWritePath(options: WritePathOptions): WritePath {
  const { db, tiers, registry, writer, rollups, cache, ownership, advanceLatest, reload, maxPendingRollups } = options;
  const finestStepMs = (tiers[0] as Tier).stepMs;
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  let seenVersion = dataVersion.get();
  let writeThrough = !ownership.owner;

  const writeTx = db.transaction((calls: readonly (readonly MetricPoint[])[]) => {
    const finest = new FinestBatch(finestStepMs);
    const stored: [number, MetricPoint][] = [];
    let newestMs = Number.NEGATIVE_INFINITY;
    const results = calls.map((points) => {
      const result = { written: 0, overflowed: 0, rejected: 0 };
      for (const point of points) {
        const resolved = registry.resolve(point.series);
        if ('rejected' in resolved || invalidPointReason(point, resolved.ref.kind) !== null) {
          result.rejected++;
          continue;
        }
        finest.add(resolved.ref.id, point);
        stored.push([resolved.ref.id, point]);
        if (point.timeMs > newestMs) newestMs = point.timeMs;
        result.written++;
        if (resolved.overflowed) result.overflowed++;
      }
      return result;
    });
    const seq = writer.nextWriteSeq();
    const encoded = new Map<ExponentialHistogram, Buffer>();
    writer.appendFinest(finest.parts(encoded), seq);
    if (writeThrough) {
      const coarse = new PendingBuckets(tiers);
      for (const [seriesId, point] of stored) coarse.add(seriesId, point);
      for (const b of coarse.values()) if (b.tierIndex > 0) writer.upsertPending(b, encoded);
    } else {
      finest.forEachStart((startMs) => writer.markRollupPending(seq, startMs));
    }
    advanceLatest(newestMs);
    return { results, finest, deferred: writeThrough ? [] : stored };
  });

  const flushTx = db.transaction(() => {
    for (const delta of rollups.flushDeltas()) writer.upsertDelta(delta);
    writer.clearRollupPending();
  });

  const flushRollups = () => {
    ownership.refresh();
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
      for (const [seriesId, point] of outcome.deferred) rollups.addPoint(seriesId, point);
      if (cache !== null)
        outcome.finest.forEachBucket((seriesId, startMs) =>
          cache.invalidate(seriesId, startMs, startMs + finestStepMs),
        );
      if (rollups.size > maxPendingRollups) flushRollups();
      return outcome.results;
    },
    flushRollups,
    checkOtherWriters,
  };
}
