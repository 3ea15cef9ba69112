import { ExponentialHistogram } from '@stride/agent';
import type { LiveBucket } from './aggregate-builder.js';
import type { PendingBucket } from './pending-buckets.js';

/** Observations of one coarse bucket that are durable in the finest tier but not yet merged into its own row. */
export interface RollupDelta extends LiveBucket {
  tierIndex: number;
  seriesId: number;
  startMs: number;
}

/**
 * Write-behind buffer for the coarse tiers. Every write stores its points in the finest tier at once (durable when
 * write() resolves); what the 1 m and 1 h rows still lack is gathered here, one delta per (tier, series, bucket),
 * and written out in one batch later (RollupFlusher). A 1 h row then takes one read-merge-write per flush instead of
 * one per request: 1,000 series exporting every 10 s rewrite 2,000 coarse rows per flush, not per write.
 *
 * Readers add these deltas to the rows they read (an overlay), so the tiers read exactly as if written through.
 * The callers' histograms are merged into deltas this buffer owns; they are never kept or changed.
 *
 * Example: three writes of series 7 at 12:00:05, 12:00:15, 12:01:02 leave 1 m deltas for 12:00 (two points
 * merged) and 12:01, and one 1 h delta for 12:00 holding all three.
 */
export class RollupBuffer {
  private readonly byTier: Map<number, RollupDelta[]>[];
  private entryCount = 0;

  constructor(tierCount: number) {
    this.byTier = Array.from({ length: tierCount }, () => new Map());
  }

  get size(): number {
    return this.entryCount;
  }

  has(tierIndex: number, seriesId: number, startMs: number): boolean {
    return this.find(tierIndex, seriesId, startMs) !== undefined;
  }

  add(bucket: PendingBucket): void {
    const existing = this.find(bucket.tierIndex, bucket.seriesId, bucket.startMs);
    if (existing === undefined) {
      const { tierIndex, seriesId, startMs, count, sum, min, max, last, lastMs } = bucket;
      const histogram = bucket.histograms.length === 0 ? null : new ExponentialHistogram();
      const delta: RollupDelta = { tierIndex, seriesId, startMs, count, sum, min, max, last, lastMs, histogram };
      for (const h of bucket.histograms) histogram?.merge(h);
      const series = this.byTier[bucket.tierIndex] as Map<number, RollupDelta[]>;
      const list = series.get(seriesId);
      if (list === undefined) series.set(seriesId, [delta]);
      else list.push(delta);
      this.entryCount++;
      return;
    }
    existing.count += bucket.count;
    existing.sum += bucket.sum;
    if (bucket.min < existing.min) existing.min = bucket.min;
    if (bucket.max > existing.max) existing.max = bucket.max;
    if (bucket.lastMs !== null && (existing.lastMs === null || bucket.lastMs >= existing.lastMs)) {
      existing.last = bucket.last;
      existing.lastMs = bucket.lastMs;
    }
    for (const h of bucket.histograms) (existing.histogram ??= new ExponentialHistogram()).merge(h);
  }

  /** Calls `visit` with each delta of tier `tierIndex` for those series with a bucket start in [from, to). */
  forEachIn(
    tierIndex: number,
    seriesIds: Iterable<number>,
    fromStartMs: number,
    toStartMs: number,
    visit: (delta: RollupDelta) => void,
  ): void {
    const series = this.byTier[tierIndex];
    if (series === undefined || series.size === 0) return;
    for (const id of seriesIds) {
      const list = series.get(id);
      if (list === undefined) continue;
      for (const delta of list) if (delta.startMs >= fromStartMs && delta.startMs < toStartMs) visit(delta);
    }
  }

  /** Every delta in (tier, series, bucket) order, the tables' key order: what a flush writes. */
  entries(): RollupDelta[] {
    const all: RollupDelta[] = [];
    for (const series of this.byTier) for (const list of series.values()) all.push(...list);
    return all.sort((a, b) => a.tierIndex - b.tierIndex || a.seriesId - b.seriesId || a.startMs - b.startMs);
  }

  clear(): void {
    for (const series of this.byTier) series.clear();
    this.entryCount = 0;
  }

  private find(tierIndex: number, seriesId: number, startMs: number): RollupDelta | undefined {
    const list = this.byTier[tierIndex]?.get(seriesId);
    if (list === undefined) return undefined;
    for (const delta of list) if (delta.startMs === startMs) return delta;
    return undefined;
  }
}
