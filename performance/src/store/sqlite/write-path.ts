import type { ExponentialHistogram } from '@stride/agent';
import type Database from 'better-sqlite3';
import type { MetricPoint } from '../../ingest/points.js';
import type { MergedRangeCache } from '../merged-range-cache.js';
import { invalidPointReason, PendingBuckets } from '../pending-buckets.js';
import type { RollupBuffer } from '../rollup-buffer.js';
import type { SeriesRegistry } from '../series-registry.js';
import type { Tier, WriteResult } from '../store.js';
import { FinestBatch } from './finest-batch.js';
import type { FinestWriterThread } from './finest-writer-thread.js';
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
  /**
   * When set, buffered writes commit on this thread (writeAsync) and `noteLatest` records their newest point time
   * in memory (the thread persists it).
   */
  thread?: FinestWriterThread;
  noteLatest?: (timeMs: number) => void;
  latestMs?: () => number;
}

export interface WritePath {
  /** Stores a batch of write() calls in one transaction; one result per call. */
  write(calls: readonly (readonly MetricPoint[])[]): WriteResult[];
  /** Merges every buffered coarse delta into its row, in one transaction. */
  flushRollups(): void;
  /** Detects another connection writing the file: clears the cache and stops deferring (see below). */
  checkOtherWriters(): void;
  /** Whether writeAsync commits on the writer thread (false without one, or once writing through). */
  readonly threaded: boolean;
  /** One write() call's points committed on the writer thread; see createThreadedWrite. */
  writeAsync(points: readonly MetricPoint[]): Promise<WriteResult>;
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
  const { thread } = options;
  const finestStepMs = (tiers[0] as Tier).stepMs;
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  const selectSeq = db.prepare("SELECT value FROM meta WHERE key = 'write_seq'").pluck();
  let seenVersion = dataVersion.get();
  let writeThrough = !ownership.owner;
  /** The newest write sequence the thread acknowledged: rollup_pending entries up to it are in the buffer. */
  let ackedSeq = 0;

  /** Resolves a call's series and groups its storable points by finest bucket. */
  const gather = (points: readonly MetricPoint[], finest: FinestBatch, stored: [number, MetricPoint][]) => {
    const result = { written: 0, overflowed: 0, rejected: 0 };
    let newestMs = Number.NEGATIVE_INFINITY;
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
    return { result, newestMs };
  };

  /** After a commit: the deltas join the buffer (never before, so a failed write leaves it untouched). */
  const committed = (finest: FinestBatch, deferred: readonly [number, MetricPoint][]) => {
    for (const [seriesId, point] of deferred) rollups.addPoint(seriesId, point);
    if (cache !== null)
      finest.forEachBucket((seriesId, startMs) => cache.invalidate(seriesId, startMs, startMs + finestStepMs));
    if (rollups.size > maxPendingRollups) flushRollups();
  };

  const writeTx = db.transaction((calls: readonly (readonly MetricPoint[])[]) => {
    const finest = new FinestBatch(finestStepMs);
    const stored: [number, MetricPoint][] = [];
    let newestMs = Number.NEGATIVE_INFINITY;
    const results = calls.map((points) => {
      const gathered = gather(points, finest, stored);
      if (gathered.newestMs > newestMs) newestMs = gathered.newestMs;
      return gathered.result;
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
    // With a writer thread, batches it committed but that are not acknowledged yet keep their entries.
    writer.clearRollupPending(thread ? ackedSeq : undefined);
  });

  const flushRollups = () => {
    ownership.refresh();
    if (rollups.size === 0) return;
    flushTx.immediate(); // takes the write lock first: the writer thread may commit in between otherwise
    rollups.clear();
  };

  const checkOtherWriters = () => {
    const version = dataVersion.get();
    if (version === seenVersion) return;
    if (thread && !writeThrough) {
      // The writer thread is another connection too: its commits are ours when the file's write sequence has not
      // gone past what it acknowledged plus what it still holds. Unsure while batches are in flight: checked again.
      const seq = Number(selectSeq.get() ?? 0);
      if (seq <= ackedSeq + thread.inFlight) {
        if (thread.inFlight === 0) seenVersion = version;
        return;
      }
    }
    seenVersion = version;
    writeThrough = true;
    cache?.clear();
    flushRollups();
  };

  const writePath: WritePath = {
    write(calls) {
      checkOtherWriters();
      let outcome: ReturnType<typeof writeTx>;
      try {
        outcome = writeTx.immediate(calls);
      } catch (err) {
        reload();
        throw err;
      }
      committed(outcome.finest, outcome.deferred);
      return outcome.results;
    },
    flushRollups,
    checkOtherWriters,
    get threaded() {
      return thread !== undefined && !writeThrough;
    },
    writeAsync: async (points) => {
      checkOtherWriters();
      if (thread === undefined || writeThrough) return (await Promise.resolve(writePath.write([points])))[0]!;
      const finest = new FinestBatch(finestStepMs);
      const stored: [number, MetricPoint][] = [];
      // New series rows commit on their own here (rare; the registry stays in step with what committed).
      const { result, newestMs } = gather(points, finest, stored);
      if (stored.length === 0) return result;
      const starts: number[] = [];
      finest.forEachStart((startMs) => starts.push(startMs));
      const latest = options.latestMs?.() ?? Number.NEGATIVE_INFINITY;
      const ack = await thread.append(
        finest.parts(new Map()),
        starts,
        newestMs > latest ? newestMs : Number.NaN,
        stored.length,
      );
      if (ack.seq > ackedSeq) ackedSeq = ack.seq;
      options.noteLatest?.(newestMs);
      committed(finest, stored);
      return result;
    },
  };
  return writePath;
}
