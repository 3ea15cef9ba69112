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
  seriesId: number;
  tierIndex: number;
  fromMs: number;
  toMs: number;
  row: BucketRow;
  bytes: number;
}

/** Rough heap cost of an entry besides its histogram bytes (key string, objects, map slots). */
const ENTRY_OVERHEAD_BYTES = 200;

/**
 * Merged rows of runs of closed buckets, per series: the answer to "what did series 42 hold from 13:00 yesterday to
 * 12:00 today, from the 1 h tier", kept so a dashboard re-asking for the last 24 h merges one cached row per series
 * instead of 23 hour rows. Key: (series id, tier, first bucket start, end of the run); value: the run as one
 * BucketRow with the histogram encoded (compact, and merged back with mergeEncoded).
 *
 * Exactness: the owner calls invalidate() for every bucket a write lands in (late data for a closed hour, a replayed
 * export), which drops each entry of that series whose range holds it, so the next read sees the write; it clears
 * the cache when anything else changes stored rows (retention, another process writing the file). Reads only cache
 * runs that end before the bucket still being written, so live traffic does not churn it.
 *
 * Bounded: least recently used entries are evicted beyond maxBytes, and counted.
 */
export class MergedRangeCache {
  private readonly entries = new Map<string, Entry>();
  private readonly bySeries = new Map<number, Set<string>>();
  private readonly maxBytes: number;
  private counters = { bytes: 0, hits: 0, misses: 0, evictions: 0, invalidations: 0 };

  constructor({ maxBytes = 32 * 1024 * 1024 }: MergedRangeCacheOptions = {}) {
    if (!(maxBytes >= 0)) throw new RangeError(`maxBytes must be ≥ 0, got ${maxBytes}`);
    this.maxBytes = maxBytes;
  }

  get(seriesId: number, tierIndex: number, fromMs: number, toMs: number): BucketRow | undefined {
    const key = keyOf(seriesId, tierIndex, fromMs, toMs);
    const entry = this.entries.get(key);
    if (entry === undefined) {
      this.counters.misses++;
      return undefined;
    }
    this.counters.hits++;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.row;
  }

  set(seriesId: number, tierIndex: number, fromMs: number, toMs: number, row: BucketRow): void {
    const key = keyOf(seriesId, tierIndex, fromMs, toMs);
    this.remove(key);
    const bytes = (row.hist?.byteLength ?? 0) + ENTRY_OVERHEAD_BYTES;
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { seriesId, tierIndex, fromMs, toMs, row, bytes });
    const keys = this.bySeries.get(seriesId);
    if (keys === undefined) this.bySeries.set(seriesId, new Set([key]));
    else keys.add(key);
    this.counters.bytes += bytes;
    for (const oldest of this.entries.keys()) {
      if (this.counters.bytes <= this.maxBytes) break;
      this.remove(oldest);
      this.counters.evictions++;
    }
  }

  /** Drops every entry of `seriesId` whose range overlaps [fromMs, toMs): a write landed there. */
  invalidate(seriesId: number, fromMs: number, toMs: number): void {
    const keys = this.bySeries.get(seriesId);
    if (keys === undefined) return;
    for (const key of keys) {
      const entry = this.entries.get(key) as Entry;
      if (entry.fromMs < toMs && fromMs < entry.toMs) {
        this.remove(key);
        this.counters.invalidations++;
      }
    }
  }

  /** Drops entries of tier `tierIndex` starting before `startMs` (retention deleted rows there). */
  invalidateBefore(tierIndex: number, startMs: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.tierIndex === tierIndex && entry.fromMs < startMs) {
        this.remove(key);
        this.counters.invalidations++;
      }
    }
  }

  clear(): void {
    this.counters.invalidations += this.entries.size;
    this.entries.clear();
    this.bySeries.clear();
    this.counters.bytes = 0;
  }

  stats(): MergedRangeCacheStats {
    return { entries: this.entries.size, ...this.counters };
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.counters.bytes -= entry.bytes;
    const keys = this.bySeries.get(entry.seriesId);
    keys?.delete(key);
    if (keys?.size === 0) this.bySeries.delete(entry.seriesId);
  }
}

function keyOf(seriesId: number, tierIndex: number, fromMs: number, toMs: number): string {
  return `${seriesId}:${tierIndex}:${fromMs}:${toMs}`;
}
