import type { BucketRow } from './aggregate-builder.js';

export interface MergedRangeCacheOptions {
  /** Most bytes of cached runs (encoded histograms plus a fixed per-entry overhead) before the oldest go. */
  maxBytes?: number;
}

export interface MergedRangeCacheStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
  /** Entries dropped to stay within maxBytes. */
  evictions: number;
  /** Entries dropped because a write landed in their range. */
  invalidations: number;
}

interface Entry {
  tierIndex: number;
  fromMs: number;
  toMs: number;
  row: BucketRow;
  bytes: number;
  /** Tick of the last get or set: the eviction order. */
  usedAt: number;
}

/** Rough heap cost of an entry besides its histogram bytes (objects, array slot). */
const ENTRY_OVERHEAD_BYTES = 160;
/** An eviction pass frees down to this share of maxBytes, so passes (a sort of all entries) stay rare. */
const EVICT_TO_FRACTION = 0.9;

/**
 * Merged rows of runs of closed buckets, per series: the answer to "what did series 42 hold from 13:00 yesterday to
 * 12:00 today, from the 1 h tier", kept so a dashboard re-asking for the last 24 h merges one cached row per series
 * instead of 23 hour rows. Key: (series id, tier, first bucket start, end of the run); value: the run as one
 * BucketRow with the histogram encoded (compact, and merged back with mergeEncoded).
 *
 * Exactness: the owner calls invalidate() for every bucket a write lands in (late data for a closed hour, a replayed
 * export), which drops each entry of that series whose range holds it, so the next read sees the write; retention
 * and another process writing the file drop entries too (invalidateBefore, clear). Readers only cache runs that end
 * before the bucket still being written, so live traffic does not churn it.
 *
 * Bounded: beyond maxBytes the least recently used entries are evicted (down to 90 %), and counted. Entries are
 * held per series in small arrays (a series has a few runs: last 24 h, last 7 d, an edge) so a lookup allocates
 * nothing.
 */
export class MergedRangeCache {
  private readonly bySeries = new Map<number, Entry[]>();
  private readonly maxBytes: number;
  private tick = 0;
  private entryCount = 0;
  private counters = { bytes: 0, hits: 0, misses: 0, evictions: 0, invalidations: 0 };

  constructor({ maxBytes = 32 * 1024 * 1024 }: MergedRangeCacheOptions = {}) {
    if (!(maxBytes >= 0)) throw new RangeError(`maxBytes must be ≥ 0, got ${maxBytes}`);
    this.maxBytes = maxBytes;
  }

  get(seriesId: number, tierIndex: number, fromMs: number, toMs: number): BucketRow | undefined {
    const entries = this.bySeries.get(seriesId);
    if (entries !== undefined) {
      for (const e of entries) {
        if (e.fromMs === fromMs && e.toMs === toMs && e.tierIndex === tierIndex) {
          this.counters.hits++;
          e.usedAt = ++this.tick;
          return e.row;
        }
      }
    }
    this.counters.misses++;
    return undefined;
  }

  set(seriesId: number, tierIndex: number, fromMs: number, toMs: number, row: BucketRow): void {
    const bytes = (row.hist?.byteLength ?? 0) + ENTRY_OVERHEAD_BYTES;
    this.removeWhere(seriesId, (e) => e.tierIndex === tierIndex && e.fromMs === fromMs && e.toMs === toMs);
    if (bytes > this.maxBytes) return;
    const entry: Entry = { tierIndex, fromMs, toMs, row, bytes, usedAt: ++this.tick };
    const entries = this.bySeries.get(seriesId);
    if (entries === undefined) this.bySeries.set(seriesId, [entry]);
    else entries.push(entry);
    this.entryCount++;
    this.counters.bytes += bytes;
    if (this.counters.bytes > this.maxBytes) this.evict();
  }

  /** Drops every entry of `seriesId` whose range overlaps [fromMs, toMs): a write landed there. */
  invalidate(seriesId: number, fromMs: number, toMs: number): void {
    const dropped = this.removeWhere(seriesId, (e) => e.fromMs < toMs && fromMs < e.toMs);
    this.counters.invalidations += dropped;
  }

  /** Drops entries of tier `tierIndex` starting before `startMs` (retention deleted rows there). */
  invalidateBefore(tierIndex: number, startMs: number): void {
    for (const seriesId of [...this.bySeries.keys()]) {
      this.counters.invalidations += this.removeWhere(seriesId, (e) => e.tierIndex === tierIndex && e.fromMs < startMs);
    }
  }

  clear(): void {
    this.counters.invalidations += this.entryCount;
    this.bySeries.clear();
    this.entryCount = 0;
    this.counters.bytes = 0;
  }

  stats(): MergedRangeCacheStats {
    return { entries: this.entryCount, ...this.counters };
  }

  private evict(): void {
    const all: [number, Entry][] = [];
    for (const [seriesId, entries] of this.bySeries) for (const e of entries) all.push([seriesId, e]);
    all.sort((a, b) => a[1].usedAt - b[1].usedAt);
    const target = this.maxBytes * EVICT_TO_FRACTION;
    for (const [seriesId, victim] of all) {
      if (this.counters.bytes <= target) break;
      this.counters.evictions += this.removeWhere(seriesId, (e) => e === victim);
    }
  }

  /** Removes the series' entries matching `drop`; returns how many. */
  private removeWhere(seriesId: number, drop: (e: Entry) => boolean): number {
    const entries = this.bySeries.get(seriesId);
    if (entries === undefined || !entries.some(drop)) return 0;
    const kept: Entry[] = [];
    for (const e of entries) {
      if (drop(e)) this.counters.bytes -= e.bytes;
      else kept.push(e);
    }
    const removed = entries.length - kept.length;
    this.entryCount -= removed;
    if (kept.length === 0) this.bySeries.delete(seriesId);
    else this.bySeries.set(seriesId, kept);
    return removed;
  }
}
