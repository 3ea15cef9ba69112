import type { Database } from 'better-sqlite3';
import { AggregateBuilder } from '../aggregate-builder.js';
import { addEdgeDifference } from '../edge-difference.js';
import { planEdgeReads, spanBuckets } from '../edge-plan.js';
import type { MergedRangeCache } from '../merged-range-cache.js';
import type { RollupBuffer } from '../rollup-buffer.js';
import type { Aggregate, GroupStepsQuery, RangeQuery, Tier } from '../store.js';
import { bucketStartMs } from '../tiers.js';
import { planStepRead, type TierSpan } from '../tiling.js';
import { RollupBlocks } from './rollup-blocks.js';
import { TierRows } from './tier-rows.js';

export interface PointReaderOptions {
  tiers: readonly Tier[];
  nowMs: () => number;
  /** End of the newest finest bucket stored (see planMergedRead). */
  dataEndMs: () => number;
  /** Coarse deltas not yet in their rows: added to every read so tiers read as if written through. */
  rollups: RollupBuffer;
  /** Merged runs of closed coarse buckets; null disables caching. */
  cache: MergedRangeCache | null;
  /** Series the store holds: decides between seeking and scanning the time-clustered finest tier. */
  seriesCount: () => number;
  /** Read (and let the store build) rollup blocks of the coarsest tier; needs ensureRollupBlockSchema. */
  rollupBlocks?: boolean;
}

type Target = (seriesId: number) => AggregateBuilder;

/**
 * Range reads over the tier tables; the caller runs each in a read transaction (one consistent snapshot).
 *
 * readMerged for a sliding "last 24 h" at 12:37:23, 1,000 series, reads:
 *  - 13:00 yesterday → 12:00 today, 23 closed hours: one cached merged row per series (MergedRangeCache), or one
 *    statement over the 1 h tier for the series not cached yet;
 *  - the open hour 12:00: one 1 h row per series, plus what the RollupBuffer holds for it;
 *  - the left edge 12:37:20 → 13:00 yesterday: 10 s and 1 m rows, or the 12:00 hour minus the minutes before the
 *    edge when that reads fewer rows (planEdgeReads); closed minute runs are cached too.
 * Each span is one statement for all its series. Histograms are merged straight from the stored bytes.
 */
export class PointReader {
  private readonly rows: TierRows;
  private readonly tiers: readonly Tier[];
  private readonly options: PointReaderOptions;
  /** Merged runs of the coarsest tier's buckets, null without them (see RollupBlocks); the store builds them. */
  readonly blocks: RollupBlocks | null;

  constructor(db: Database, options: PointReaderOptions) {
    this.tiers = options.tiers;
    this.options = options;
    this.rows = new TierRows(db, options.tiers, options.seriesCount);
    this.blocks =
      options.rollupBlocks === true && this.tiers.length > 1 ? new RollupBlocks(db, this.tiers, this.rows) : null;
  }

  readMerged({ seriesIds, fromMs, toMs }: RangeQuery): Aggregate[] {
    const builders = new Map<number, AggregateBuilder>();
    for (const id of seriesIds) if (!builders.has(id)) builders.set(id, new AggregateBuilder(id, fromMs));
    if (builders.size === 0) return [];
    const ids = [...builders.keys()];
    const target: Target = (id) => builders.get(id) as AggregateBuilder;
    const nowMs = this.options.nowMs();
    const plan = planEdgeReads(this.tiers, fromMs, toMs, nowMs, this.options.dataEndMs());
    const closedBeforeMs = bucketStartMs(nowMs, (this.tiers[this.tiers.length - 1] as Tier).stepMs);
    for (const span of plan.spans) this.readSpan(span, ids, target, closedBeforeMs);

    // Edges last: a difference is only known exact against everything else the range holds.
    for (const edge of plan.edges) {
      const whole = new Map<number, AggregateBuilder>();
      const outside = new Map<number, AggregateBuilder>();
      const builderIn = (map: Map<number, AggregateBuilder>) => (id: number) => {
        let b = map.get(id);
        if (b === undefined) {
          b = new AggregateBuilder(id, fromMs);
          map.set(id, b);
        }
        return b;
      };
      this.readSpan(edge.whole, ids, builderIn(whole), closedBeforeMs);
      for (const span of edge.outside) this.readSpan(span, ids, builderIn(outside), closedBeforeMs);
      const direct = ids.filter(
        (id) =>
          !addEdgeDifference(
            target(id),
            whole.get(id) ?? new AggregateBuilder(id, fromMs),
            outside.get(id) ?? new AggregateBuilder(id, fromMs),
            edge.outsideFromMs,
            edge.outsideToMs,
          ),
      );
      if (direct.length > 0) for (const span of edge.direct) this.readSpan(span, direct, target, closedBeforeMs);
    }
    return ids.map((id) => target(id).toAggregate());
  }

  readSteps({ seriesIds, fromMs, toMs, stepMs }: RangeQuery & { stepMs: number }): Aggregate[] {
    const plan = planStepRead(this.tiers, fromMs, toMs, stepMs, this.options.nowMs());
    if (plan === null || seriesIds.length === 0) return [];
    const ids = [...new Set(seriesIds)].sort((a, b) => a - b);
    const steps = new Map<number, Map<number, AggregateBuilder>>(ids.map((id) => [id, new Map()]));
    const stepOf = (id: number, startMs: number) => {
      const bySeries = steps.get(id) as Map<number, AggregateBuilder>;
      const stepStartMs = bucketStartMs(startMs, plan.stepMs);
      let b = bySeries.get(stepStartMs);
      if (b === undefined) {
        b = new AggregateBuilder(id, stepStartMs);
        bySeries.set(stepStartMs, b);
      }
      return b;
    };
    this.rows.fold(plan.tierIndex, ids, plan.fromStartMs, plan.toStartMs, (id, startMs, row) =>
      stepOf(id, startMs).add(row),
    );
    this.options.rollups.forEachIn(plan.tierIndex, ids, plan.fromStartMs, plan.toStartMs, (delta) =>
      stepOf(delta.seriesId, delta.startMs).addLive(delta),
    );
    const out: Aggregate[] = [];
    for (const bySeries of steps.values()) {
      for (const b of [...bySeries.values()].sort((x, y) => x.startMs - y.startMs)) out.push(b.toAggregate());
    }
    return out;
  }

  readGroupSteps({ groups, fromMs, toMs, stepMs }: GroupStepsQuery): Aggregate[][] {
    const plan = planStepRead(this.tiers, fromMs, toMs, stepMs, this.options.nowMs());
    return groups.map((group) => {
      const ids = [...new Set(group)];
      if (plan === null || ids.length === 0) return [];
      const steps = new Map<number, AggregateBuilder>();
      const stepOf = (startMs: number) => {
        const stepStartMs = bucketStartMs(startMs, plan.stepMs);
        let b = steps.get(stepStartMs);
        if (b === undefined) {
          b = new AggregateBuilder(ids[0] as number, stepStartMs);
          steps.set(stepStartMs, b);
        }
        return b;
      };
      this.rows.foldSteps(plan.tierIndex, ids, plan.fromStartMs, plan.toStartMs, plan.stepMs, stepOf);
      this.options.rollups.forEachIn(plan.tierIndex, ids, plan.fromStartMs, plan.toStartMs, (delta) =>
        stepOf(delta.startMs).addLive(delta),
      );
      return [...steps.values()].sort((a, b) => a.startMs - b.startMs).map((b) => b.toAggregate());
    });
  }

  /** Adds the span's rows (and buffered deltas) for `ids`, through the cache when the span is a closed coarse run. */
  private readSpan(span: TierSpan, ids: readonly number[], target: Target, closedBeforeMs: number): void {
    const cache = this.options.cache;
    if (cache !== null && span.tierIndex > 0 && span.fromStartMs < closedBeforeMs && closedBeforeMs < span.toStartMs) {
      // Closed buckets, then the open one(s): only the closed run is worth caching.
      this.readSpan({ ...span, toStartMs: closedBeforeMs }, ids, target, closedBeforeMs);
      this.readSpan({ ...span, fromStartMs: closedBeforeMs }, ids, target, closedBeforeMs);
      return;
    }
    const cacheable =
      cache !== null && span.tierIndex > 0 && span.toStartMs <= closedBeforeMs && spanBuckets(this.tiers, span) >= 2;
    if (!cacheable) {
      this.foldSpan(span, ids, target);
      return;
    }
    const { tierIndex, fromStartMs, toStartMs } = span;
    const misses: number[] = [];
    for (const id of ids) {
      const row = cache.get(id, tierIndex, fromStartMs, toStartMs);
      if (row === undefined) misses.push(id);
      else target(id).add(row);
    }
    if (misses.length === 0) return;
    const runs = new Map(misses.map((id) => [id, new AggregateBuilder(id, fromStartMs)]));
    this.foldSpan(span, misses, (id) => runs.get(id) as AggregateBuilder);
    for (const [id, run] of runs) {
      cache.set(id, tierIndex, fromStartMs, toStartMs, run.toRow());
      target(id).absorb(run);
    }
  }

  private foldSpan(span: TierSpan, ids: readonly number[], target: Target): void {
    const { tierIndex, fromStartMs, toStartMs } = span;
    if (this.blocks !== null && tierIndex === this.blocks.tier && spanBuckets(this.tiers, span) >= 2) {
      this.blocks.fold(ids, fromStartMs, toStartMs, target);
    } else {
      this.rows.foldMerged(tierIndex, ids, fromStartMs, toStartMs, target);
    }
    this.options.rollups.forEachIn(tierIndex, ids, fromStartMs, toStartMs, (delta) =>
      target(delta.seriesId).addLive(delta),
    );
  }
}
