import type { ExponentialHistogram } from '@stride/agent';
import type Database from 'better-sqlite3';
import type { MetricPoint } from '../../ingest/points.js';
import type { MergedRangeCache } from '../merged-range-cache.js';
import { invalidPointReason, PendingBuckets } from '../pending-buckets.js';
import type { RollupBuffer } from '../rollup-buffer.js';
import type { SeriesRegistry } from '../series-registry.js';
import type { Tier, WriteResult } from '../store.js';
import { bucketStartMs, coverageStartMs } from '../tiers.js';
import { FinestBatch } from './finest-batch.js';
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
 * to the RollupBuffer and marked in rollup_pending (deferred). A point is deferred only while the finest tier still
 * holds all of its coarse buckets (its 1 h bucket starts after the finest tier's retention cut-off; applyRetention
 * flushes before deleting anything), so they can always be rebuilt from there.
 *
 * Another process writing the same file would not see this process's buffered deltas, nor would its writes reach
 * this process's cache; SQLite's data_version reveals it, and from then on this store writes through and drops
 * its cache. (The embedded store is meant for one process; the check keeps the odd second one exact.)
 */
export function createWritePath(options: WritePathOptions): WritePath {
  const { db, tiers, registry, writer, rollups, cache, nowMs, advanceLatest, reload, maxPendingRollups } = options;
  const finestStepMs = (tiers[0] as Tier).stepMs;
  const coarsestStepMs = (tiers[tiers.length - 1] as Tier).stepMs;
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  let seenVersion = dataVersion.get();
  let writeThrough = false;

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
    const encoded = new Map<ExponentialHistogram, Buffer>();
    writer.appendFinest(finest.parts(encoded), writer.nextWriteSeq());

    const deferFromMs = writeThrough ? Number.POSITIVE_INFINITY : coverageStartMs(tiers, 0, nowMs());
    const deferred: [number, MetricPoint][] = [];
    const through = new PendingBuckets(tiers);
    for (const entry of stored) {
      const [seriesId, point] = entry;
      if (bucketStartMs(point.timeMs, coarsestStepMs) < deferFromMs) {
        through.add(seriesId, point);
        continue;
      }
      for (let tierIndex = 1; tierIndex < tiers.length; tierIndex++) {
        const startMs = bucketStartMs(point.timeMs, (tiers[tierIndex] as Tier).stepMs);
        if (!rollups.has(tierIndex, seriesId, startMs)) writer.markRollupPending(tierIndex, seriesId, startMs);
      }
      deferred.push(entry);
    }
    for (const b of through.values()) if (b.tierIndex > 0) writer.upsertPending(b, encoded);
    advanceLatest(newestMs);
    return { results, finest, deferred };
  });

  const flushTx = db.transaction(() => {
    for (const delta of rollups.flushDeltas()) writer.upsertDelta(delta);
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
