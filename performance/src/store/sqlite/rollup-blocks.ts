import type { Database, Statement } from 'better-sqlite3';
import { AggregateBuilder } from '../aggregate-builder.js';
import type { Tier } from '../store.js';
import { bucketStartMs } from '../tiers.js';
import { BLOCK_LEVELS } from './rollup-block-schema.js';
import { forEachBlob, MERGED_AGGREGATES, type TierRows } from './tier-rows.js';

/** A built block, or a single bucket (level 0) of the coarsest tier, as [start, end) in unix ms. */
interface Piece {
  level: number;
  startMs: number;
  endMs: number;
}

interface State {
  low: number;
  high: number;
  from: number | null;
  after: number | null;
  to: number | null;
  level: number | null;
  start: number | null;
  backfilled: number;
}

/** Blocks are built only for buckets closed this long, so the exporters' last points seldom dirty a new block. */
const SETTLE_MS = 10 * 60_000;
/** Dirty buckets rebuilt per build step (each rebuilds its BLOCK_LEVELS blocks for its series). */
const DIRTY_PER_STEP = 500;

/**
 * Rollup blocks over the coarsest tier (schema and exactness in rollup-block-schema.ts): merged runs of 2^k buckets,
 * built in the background from the stored buckets, read for the closed part of a range.
 *
 * Reading 1,000 series over 24 h: the 23–24 closed hours split into ≤ 8 blocks and single hours; one statement
 * fetches every series' blocks as one concatenation per series (see TierRows); a series missing one of them (no data
 * in that block, or a block dropped by a late write and not yet rebuilt) or holding gauge samples is read from its
 * buckets instead, as are the single hours.
 *
 * Building: each step runs in its own write transaction and does one of: rebuild the blocks of dirty buckets, extend
 * the built range forward over buckets that closed, or extend it backward over older data (a data dir that predates
 * the blocks), one span of the largest block size at a time so no block straddles `low`.
 */
export class RollupBlocks {
  private readonly stepMs: number;
  private readonly maxBlockMs: number;
  private readonly tierIndex: number;
  private readonly selectState: Statement;
  private readonly insertState: Statement;
  private readonly updateState: Statement;
  private readonly savePending: Statement;
  private readonly markBackfilled: Statement;
  private readonly selectBlocks: Statement;
  private readonly upsertBlock: Statement;
  private readonly deleteBlock: Statement;
  private readonly seriesIds: Statement;
  private readonly oldestBucket: Statement;
  private readonly takeDirty: Statement;
  private readonly clearDirty: Statement;
  private readonly anyDirty: Statement;
  /** Series read through blocks, series of a blocked range read from buckets instead, blocks written. */
  readonly counters = { seriesFromBlocks: 0, seriesFromBuckets: 0, blocksBuilt: 0 };

  constructor(
    private readonly db: Database,
    tiers: readonly Tier[],
    private readonly rows: TierRows,
  ) {
    this.tierIndex = tiers.length - 1;
    const coarsest = tiers[this.tierIndex] as Tier;
    this.stepMs = coarsest.stepMs;
    this.maxBlockMs = this.stepMs * 2 ** BLOCK_LEVELS;
    this.insertState = db.prepare('INSERT INTO rollup_block_state (id, step_ms, low_ms, high_ms) VALUES (0, ?, ?, ?)');
    this.selectState = db.prepare(`
      SELECT low_ms AS low, high_ms AS high, pend_from AS "from", pend_after AS after, pend_to AS "to",
        pend_level AS level, pend_start AS start, backfilled
      FROM rollup_block_state WHERE id = 0`);
    // Growing the range starts a pending build of its new blocks at level 1.
    this.updateState = db.prepare(`
      UPDATE rollup_block_state SET low_ms = ?, high_ms = ?, pend_from = ?, pend_after = ?, pend_to = ?,
        pend_level = 1, pend_start = NULL, backfilled = ? WHERE id = 0`);
    this.savePending = db.prepare(
      'UPDATE rollup_block_state SET pend_from = ?, pend_after = ?, pend_to = ?, pend_level = ?, pend_start = ? WHERE id = 0',
    );
    this.markBackfilled = db.prepare('UPDATE rollup_block_state SET backfilled = 1 WHERE id = 0');
    this.selectBlocks = db
      .prepare(`
        SELECT series_id, count(*), ${MERGED_AGGREGATES} FROM rollup_blocks
        WHERE series_id IN (SELECT value FROM json_each(?))
          AND (start_ms, end_ms) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?))
        GROUP BY series_id`)
      .raw(true);
    this.upsertBlock = db.prepare(`
      INSERT OR REPLACE INTO rollup_blocks (series_id, start_ms, end_ms, count, sum, min, max, last, last_ms, hist)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.deleteBlock = db.prepare('DELETE FROM rollup_blocks WHERE series_id = ? AND start_ms = ? AND end_ms = ?');
    // Gauge and sum series are always read from their buckets (the newest sample needs each row): no blocks.
    this.seriesIds = db.prepare("SELECT id FROM series WHERE kind = 'histogram' ORDER BY id").pluck();
    // Per series through the primary key: min(start_ms) over the whole table would scan it (clustered by series).
    this.oldestBucket = db
      .prepare(
        `SELECT min((SELECT min(start_ms) FROM points_${coarsest.name} p WHERE p.series_id = s.id)) FROM series s`,
      )
      .pluck();
    this.takeDirty = db.prepare('SELECT series_id, start_ms FROM rollup_blocks_dirty LIMIT ?').raw(true);
    this.clearDirty = db.prepare('DELETE FROM rollup_blocks_dirty WHERE series_id = ? AND start_ms = ?');
    this.anyDirty = db.prepare('SELECT 1 FROM rollup_blocks_dirty LIMIT 1').pluck();
  }

  /** The coarsest tier's index: the only tier with blocks. */
  get tier(): number {
    return this.tierIndex;
  }

  /**
   * Adds the stored rows of `ids` with a bucket start in [from, to) (coarsest tier, closed buckets) to `target(id)`,
   * through blocks where built. The caller adds buffered deltas; blocks hold only what the rows hold.
   */
  fold(ids: readonly number[], fromStartMs: number, toStartMs: number, target: (id: number) => AggregateBuilder) {
    const state = this.selectState.get() as State | undefined;
    const lo = state === undefined ? toStartMs : Math.min(toStartMs, Math.max(fromStartMs, state.low));
    const hi = state === undefined ? toStartMs : Math.max(lo, Math.min(toStartMs, state.high));
    const pieces = this.split(lo, hi);
    const blocks = pieces.filter((p) => p.level > 0);
    // Outside the built range, and single buckets inside it, come from the rows.
    const rowSpans: [number, number][] = [
      [fromStartMs, lo],
      ...pieces.filter((p) => p.level === 0).map((p): [number, number] => [p.startMs, p.endMs]),
      [hi, toStartMs],
    ];
    for (const [from, to] of rowSpans) this.rows.foldMerged(this.tierIndex, ids, from, to, target);
    if (blocks.length === 0) return;
    const found = this.selectBlocks.all(
      JSON.stringify(ids),
      JSON.stringify(blocks.map((b) => [b.startMs, b.endMs])),
    ) as [seriesId: number, blocks: number, ...rest: unknown[]][];
    const complete = new Set<number>();
    for (const r of found) {
      const [seriesId, n, count, sum, min, max, withLast, hists] = r as [
        number,
        number,
        number,
        number,
        number,
        number,
        number,
        Buffer | null,
      ];
      if (n !== blocks.length || withLast > 0) continue;
      complete.add(seriesId);
      const builder = target(seriesId).add({ count, sum, min, max, last: null, lastMs: null, hist: null });
      if (hists !== null) forEachBlob(hists, (blob) => builder.addHistogramBytes(blob));
    }
    // Blocks are contiguous (single buckets only at either end), so the rest is one span of buckets.
    const rest = ids.filter((id) => !complete.has(id));
    this.counters.seriesFromBlocks += complete.size;
    this.counters.seriesFromBuckets += rest.length;
    const first = blocks[0] as Piece;
    const last = blocks[blocks.length - 1] as Piece;
    this.rows.foldMerged(this.tierIndex, rest, first.startMs, last.endMs, target);
  }

  /**
   * One build step (its own write transaction, about `budgetMs` of work) at `nowMs`; returns false when nothing is
   * left to build. Callers loop while it returns true and time allows.
   */
  buildStep(nowMs: number, budgetMs = 20): boolean {
    // Most ticks find nothing to do: tell that without taking the file's write lock (the writer thread's too).
    if (!this.hasWork(nowMs)) return false;
    return this.db.transaction(() => this.step(nowMs, performance.now() + budgetMs)).immediate();
  }

  private hasWork(nowMs: number): boolean {
    const state = this.selectState.get() as State | undefined;
    if (state === undefined || state.level !== null || state.backfilled === 0) return true;
    if (state.high < bucketStartMs(nowMs - SETTLE_MS, this.stepMs)) return true;
    return this.anyDirty.get() !== undefined;
  }

  private step(nowMs: number, deadline: number): boolean {
    const closedBeforeMs = bucketStartMs(nowMs - SETTLE_MS, this.stepMs);
    let state = this.selectState.get() as State | undefined;
    if (state === undefined) {
      const start = bucketStartMs(closedBeforeMs, this.maxBlockMs);
      this.insertState.run(this.stepMs, start, start);
      state = { low: start, high: start, from: null, after: null, to: null, level: null, start: null, backfilled: 0 };
    }
    if (state.level !== null) {
      this.continuePending(state, deadline);
      return true;
    }
    const dirty = this.takeDirty.all(DIRTY_PER_STEP) as [seriesId: number, startMs: number][];
    if (dirty.length > 0) {
      for (const [seriesId, startMs] of dirty) {
        for (const block of this.containing(startMs)) {
          if (block.startMs >= state.low && block.endMs <= state.high) this.build([seriesId], block);
        }
        this.clearDirty.run(seriesId, startMs);
      }
      return true;
    }
    // The range grows first (so the triggers guard it), its blocks are built by the following steps; meanwhile
    // readers find them missing and read the buckets.
    if (state.high < closedBeforeMs) {
      // Forward, at most up to the next largest-block boundary: blocks ending in (high, next] start at or after it.
      const next = Math.min(closedBeforeMs, bucketStartMs(state.high, this.maxBlockMs) + this.maxBlockMs);
      this.updateState.run(state.low, next, Math.max(state.low, next - this.maxBlockMs), state.high, next, 0);
      return true;
    }
    if (state.backfilled === 0) {
      const oldest = this.oldestBucket.get() as number | null;
      if (oldest === null || oldest >= state.low) {
        this.markBackfilled.run();
        return true;
      }
      const next = state.low - this.maxBlockMs;
      this.updateState.run(next, state.high, next, next, state.low, 0);
      return true;
    }
    return false;
  }

  /** Builds pending blocks level by level until `deadline` (at least one block), then saves the cursor. */
  private continuePending(state: State, deadline: number): void {
    const ids = this.seriesIds.all() as number[];
    const from = state.from as number;
    const after = state.after as number;
    const to = state.to as number;
    let level = state.level as number;
    let start = state.start;
    let built = 0;
    while (level <= BLOCK_LEVELS) {
      const size = this.stepMs * 2 ** level;
      start ??= Math.ceil(from / size) * size;
      if (start + size > to) {
        level++;
        start = null;
        continue;
      }
      if (built > 0 && performance.now() > deadline) break;
      if (start + size > after && ids.length > 0) {
        this.build(ids, { level, startMs: start, endMs: start + size });
        built++;
      }
      start += size;
    }
    if (level > BLOCK_LEVELS) this.savePending.run(null, null, null, null, null);
    else this.savePending.run(from, after, to, level, start);
  }

  /** (Re)writes `block` for `ids` from the stored buckets; a series without data there gets no block. */
  private build(ids: readonly number[], block: Piece): void {
    const builders = new Map<number, AggregateBuilder>();
    const target = (id: number) => {
      let b = builders.get(id);
      if (b === undefined) {
        b = new AggregateBuilder(id, block.startMs);
        builders.set(id, b);
      }
      return b;
    };
    this.rows.foldMerged(this.tierIndex, ids, block.startMs, block.endMs, target);
    for (const id of ids) {
      const b = builders.get(id);
      if (b === undefined) {
        this.deleteBlock.run(id, block.startMs, block.endMs);
        continue;
      }
      const row = b.toRow();
      this.counters.blocksBuilt++;
      this.upsertBlock.run(
        id,
        block.startMs,
        block.endMs,
        row.count,
        row.sum,
        row.min,
        row.max,
        row.last,
        row.lastMs,
        row.hist === null ? null : Buffer.from(row.hist.buffer, row.hist.byteOffset, row.hist.byteLength),
      );
    }
  }

  /** The blocks of every level containing the bucket starting at `startMs`. */
  private containing(startMs: number): Piece[] {
    return Array.from({ length: BLOCK_LEVELS }, (_, k) => {
      const size = this.stepMs * 2 ** (k + 1);
      const blockStart = bucketStartMs(startMs, size);
      return { level: k + 1, startMs: blockStart, endMs: blockStart + size };
    });
  }

  /**
   * [fromMs, toMs) (bucket-aligned) as the fewest aligned blocks and single buckets, left to right: at each point the
   * largest block that starts there and fits. Example with 1 h buckets, 09:00 → 17:00 the next day: 09 (1 h),
   * 10–12, 12–16, 16–24, 00–16 (16 h), 16–17 (1 h).
   */
  split(fromMs: number, toMs: number): Piece[] {
    const pieces: Piece[] = [];
    for (let cursor = fromMs; cursor < toMs; ) {
      let level = BLOCK_LEVELS;
      while (level > 0 && (cursor % (this.stepMs * 2 ** level) !== 0 || cursor + this.stepMs * 2 ** level > toMs)) {
        level--;
      }
      const endMs = cursor + this.stepMs * 2 ** level;
      pieces.push({ level, startMs: cursor, endMs });
      cursor = endMs;
    }
    return pieces;
  }
}
