import { ExponentialHistogram } from '@stride/agent';
import type { MetricPoint } from '../ingest/points.js';
import type { LiveBucket } from './aggregate-builder.js';
import type { Tier } from './store.js';
import { bucketStartMs } from './tiers.js';

/** Observations of one coarse bucket that are durable in the finest tier but not yet merged into its own row. */
export interface RollupDelta extends LiveBucket {
  tierIndex: number;
  seriesId: number;
  startMs: number;
}

/**
 * Write-behind buffer for the coarse tiers. Every write stores its points in the finest tier at once (durable when
 * write() resolves); what the 1 m and 1 h rows still lack is gathered here and merged into them in one batch per
 * flush. A 1 h row then takes one read-merge-write per flush instead of one per request.
 *
 * Only the first coarse tier (1 m) is buffered, one delta per (series, bucket), each point merged once; a coarser
 * bucket's delta is the merge of the 1 m deltas inside it, formed when read or flushed. Example: points of series 7
 * at 12:00:05, 12:00:15 and 12:01:02 leave 1 m deltas for 12:00 (two points) and 12:01; the 1 h delta for 12:00 is
 * those two together.
 *
 * Readers add these deltas to the rows they read (an overlay), so the tiers read exactly as if written through.
 * Points' histograms are merged into deltas this buffer owns; the callers' objects are never kept or changed.
 */
export class RollupBuffer {
  private readonly deltas = new Map<number, RollupDelta[]>();
  /** Per tier above 1 m: each series' deltas merged per bucket, formed on first read, dropped when the series changes. */
  private readonly derived = new Map<number, Map<number, RollupDelta[]>>();
  private deltaCount = 0;
  private readonly stepsMs: readonly number[];

  constructor(tiers: readonly Tier[]) {
    this.stepsMs = tiers.map((t) => t.stepMs);
  }

  /** Buffered 1 m deltas. */
  get size(): number {
    return this.deltaCount;
  }

  /** Whether tier `tierIndex`'s bucket at `startMs` already has buffered deltas for the series. */
  has(tierIndex: number, seriesId: number, startMs: number): boolean {
    const list = this.deltas.get(seriesId);
    if (list === undefined) return false;
    const stepMs = this.stepsMs[tierIndex] as number;
    for (let i = 0; i < list.length; i++) {
      if (bucketStartMs((list[i] as RollupDelta).startMs, stepMs) === startMs) return true;
    }
    return false;
  }

  /** Adds a stored, validated point (histogram, or a sum/gauge value); its histogram is copied, never kept. */
  addPoint(seriesId: number, point: MetricPoint): void {
    const delta = this.deltaFor(seriesId, point.timeMs);
    // An encoded point is merged from its bytes: no histogram object is built for it (see MetricPoint.encoded).
    const e = point.encoded;
    if (e !== undefined) {
      if (delta.histogram === null) delta.histogram = ExponentialHistogram.decode(e.bytes);
      else delta.histogram.mergeEncoded(e.bytes);
      addScalars(delta, e.count, e.sum, e.min, e.max, null, null);
      return;
    }
    const h = point.histogram;
    if (h !== undefined) {
      if (delta.histogram === null) delta.histogram = h.clone();
      else delta.histogram.merge(h);
      addScalars(delta, h.count, h.sum, h.min, h.max, null, null);
    } else {
      const v = point.value as number;
      addScalars(delta, 1, v, v, v, v, point.timeMs);
    }
  }

  /** Adds a stored finest-tier part (crash recovery); its histogram is adopted, so the caller must not keep it. */
  addPart(seriesId: number, startMs: number, part: LiveBucket): void {
    const delta = this.deltaFor(seriesId, startMs);
    if (part.histogram !== null) {
      if (delta.histogram === null) delta.histogram = part.histogram;
      else delta.histogram.merge(part.histogram);
    }
    addScalars(delta, part.count, part.sum, part.min, part.max, part.last, part.lastMs);
  }

  /** Calls `visit` with each delta for `seriesIds` in a tier-`tierIndex` bucket starting in [from, to). */
  forEachIn(
    tierIndex: number,
    seriesIds: Iterable<number>,
    fromStartMs: number,
    toStartMs: number,
    visit: (delta: RollupDelta) => void,
  ): void {
    if (tierIndex === 0 || this.deltaCount === 0) return;
    for (const id of seriesIds) {
      const list = tierIndex === 1 ? this.deltas.get(id) : this.derivedDeltas(tierIndex, id);
      if (list === undefined) continue;
      for (const delta of list) if (delta.startMs >= fromStartMs && delta.startMs < toStartMs) visit(delta);
    }
  }

  /** One delta per coarse (tier, series, bucket), in table key order: what a flush merges into the rows. */
  flushDeltas(): RollupDelta[] {
    const out: RollupDelta[] = [];
    const ids = [...this.deltas.keys()].sort((a, b) => a - b);
    for (let tierIndex = 1; tierIndex < this.stepsMs.length; tierIndex++) {
      for (const id of ids) {
        const list = tierIndex === 1 ? (this.deltas.get(id) as RollupDelta[]) : this.derivedDeltas(tierIndex, id);
        out.push(...[...(list ?? [])].sort((a, b) => a.startMs - b.startMs));
      }
    }
    return out;
  }

  clear(): void {
    this.deltas.clear();
    this.derived.clear();
    this.deltaCount = 0;
  }

  /** The series' 1 m deltas merged per tier-`tierIndex` bucket (memoised until the series takes another point). */
  private derivedDeltas(tierIndex: number, seriesId: number): RollupDelta[] | undefined {
    let byTier = this.derived.get(tierIndex);
    if (byTier === undefined) {
      byTier = new Map();
      this.derived.set(tierIndex, byTier);
    }
    const known = byTier.get(seriesId);
    if (known !== undefined) return known;
    const deltas = this.deltas.get(seriesId);
    if (deltas === undefined) return undefined;
    const stepMs = this.stepsMs[tierIndex] as number;
    const groups = new Map<number, RollupDelta[]>();
    for (const delta of deltas) {
      const startMs = bucketStartMs(delta.startMs, stepMs);
      const group = groups.get(startMs);
      if (group === undefined) groups.set(startMs, [delta]);
      else group.push(delta);
    }
    const merged = [...groups].map(([startMs, group]) => mergeGroup(group, tierIndex, startMs));
    byTier.set(seriesId, merged);
    return merged;
  }

  /** The delta of the 1 m bucket holding `timeMs`, created empty if there is none. */
  private deltaFor(seriesId: number, timeMs: number): RollupDelta {
    for (const byTier of this.derived.values()) byTier.delete(seriesId);
    const startMs = bucketStartMs(timeMs, this.stepsMs[1] as number);
    let list = this.deltas.get(seriesId);
    if (list === undefined) {
      list = [];
      this.deltas.set(seriesId, list);
    }
    for (let i = 0; i < list.length; i++) {
      const delta = list[i] as RollupDelta;
      if (delta.startMs === startMs) return delta;
    }
    const delta: RollupDelta = {
      tierIndex: 1,
      seriesId,
      startMs,
      count: 0,
      sum: 0,
      min: Number.POSITIVE_INFINITY,
      max: Number.NEGATIVE_INFINITY,
      last: null,
      lastMs: null,
      histogram: null,
    };
    list.push(delta);
    this.deltaCount++;
    return delta;
  }
}

/** The deltas of one coarse bucket as one (a lone delta's histogram is shared, not copied: callers only read it). */
function mergeGroup(group: readonly RollupDelta[], tierIndex: number, startMs: number): RollupDelta {
  const [first, ...rest] = group as [RollupDelta, ...RollupDelta[]];
  const merged: RollupDelta = { ...first, tierIndex, startMs };
  if (rest.length === 0) return merged;
  if (merged.histogram !== null) merged.histogram = merged.histogram.clone();
  for (const delta of rest) {
    if (delta.histogram !== null) {
      if (merged.histogram === null) merged.histogram = new ExponentialHistogram();
      merged.histogram.merge(delta.histogram);
    }
    addScalars(merged, delta.count, delta.sum, delta.min, delta.max, delta.last, delta.lastMs);
  }
  return merged;
}

function addScalars(
  into: LiveBucket,
  count: number,
  sum: number,
  min: number,
  max: number,
  last: number | null,
  lastMs: number | null,
): void {
  into.count += count;
  into.sum += sum;
  if (min < into.min) into.min = min;
  if (max > into.max) into.max = max;
  if (lastMs !== null && (into.lastMs === null || lastMs >= into.lastMs)) {
    into.last = last;
    into.lastMs = lastMs;
  }
}
