import type { ExponentialHistogram } from '@stride/agent';
import type { MetricPoint, PointKind } from '../ingest/points.js';
import type { Tier } from './store.js';
import { bucketStartMs } from './tiers.js';

/**
 * One (tier, series, bucket) row to upsert, gathered across every point of a write batch that falls in it.
 * Histogram deltas are kept as a list, not pre-merged: the writer merges each straight into the stored bucket's
 * in-memory histogram, so no copy of a caller's histogram is ever made on the common path. The callers' objects
 * are only read.
 */
export interface PendingBucket {
  tierIndex: number;
  seriesId: number;
  startMs: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  /** Newest gauge/sum sample and its time; null for histograms. */
  last: number | null;
  lastMs: number | null;
  /** Histogram deltas in arrival order; empty for sums and gauges. */
  histograms: ExponentialHistogram[];
}

/** Returns why a point cannot be stored, or null when it can. */
export function invalidPointReason(point: MetricPoint, kind: PointKind): string | null {
  if (!Number.isFinite(point.timeMs)) return `timeMs ${point.timeMs} is not a finite number`;
  if (kind === 'histogram') {
    // `encoded` first: reading `histogram` may build it (a lazily decoded ingest point).
    return point.encoded === undefined && point.histogram === undefined ? 'histogram point without a histogram' : null;
  }
  return typeof point.value === 'number' && Number.isFinite(point.value)
    ? null
    : `${kind} point without a finite value`;
}

/**
 * Groups a write batch by (tier, series, bucket), so each costs one upsert however many points share it:
 * six 10 s exports of one route in a batch are 6 rows in the 10 s tier but one in the 1 m and 1 h tiers.
 */
export class PendingBuckets {
  private readonly entries = new Map<string, PendingBucket>();

  constructor(private readonly tiers: readonly Tier[]) {}

  /** Adds a validated point to its bucket in every tier. */
  add(seriesId: number, point: MetricPoint): void {
    for (let tierIndex = 0; tierIndex < this.tiers.length; tierIndex++) {
      const startMs = bucketStartMs(point.timeMs, (this.tiers[tierIndex] as Tier).stepMs);
      const key = `${tierIndex}:${seriesId}:${startMs}`;
      const entry = this.entries.get(key);
      if (entry === undefined) this.entries.set(key, newEntry(tierIndex, seriesId, startMs, point));
      else mergeInto(entry, point);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  values(): IterableIterator<PendingBucket> {
    return this.entries.values();
  }
}

function newEntry(tierIndex: number, seriesId: number, startMs: number, point: MetricPoint): PendingBucket {
  const h = point.histogram;
  if (h !== undefined) {
    const { count, sum, min, max } = point.encoded ?? h;
    return { tierIndex, seriesId, startMs, count, sum, min, max, last: null, lastMs: null, histograms: [h] };
  }
  const v = point.value as number;
  const lastMs = point.timeMs;
  return { tierIndex, seriesId, startMs, count: 1, sum: v, min: v, max: v, last: v, lastMs, histograms: [] };
}

function mergeInto(entry: PendingBucket, point: MetricPoint): void {
  const h = point.histogram;
  if (h !== undefined) {
    entry.histograms.push(h);
    entry.count += h.count;
    entry.sum += h.sum;
    entry.min = Math.min(entry.min, h.min);
    entry.max = Math.max(entry.max, h.max);
    return;
  }
  const v = point.value as number;
  entry.count += 1;
  entry.sum += v;
  entry.min = Math.min(entry.min, v);
  entry.max = Math.max(entry.max, v);
  if (entry.lastMs === null || point.timeMs >= entry.lastMs) {
    entry.last = v;
    entry.lastMs = point.timeMs;
  }
}
