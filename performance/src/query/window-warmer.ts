import type { Store, Tier } from '../store/store.js';
import { HTTP_SERVER_DURATION } from './semconv.js';

export interface WindowWarmerOptions {
  store: Store;
  /** Sliding windows to keep warm, ms (e.g. 24 h and 7 d: the dashboard's "last 24 hours" and "last 7 days"). */
  windowsMs: readonly number[];
  /** How long after a coarse bucket closes to wait before warming, so the exporters' last points for it land first. */
  settleMs?: number;
  /** Most series warmed: a bound on the work and on the cache space it takes, not a ranking. */
  maxSeries?: number;
  /** Series read per slice; the event loop gets a turn between slices. */
  seriesPerSlice?: number;
}

export interface WarmResult {
  /** The closed buckets warmed end here: the start of the bucket still open, unix ms. */
  closedBeforeMs: number;
  series: number;
  windows: number;
}

export interface WindowWarmer {
  /**
   * Warms once per closed coarse bucket, `settleMs` after it closed; null when there is nothing new to warm (or no
   * request series yet).
   */
  tick(nowMs: number): Promise<WarmResult | null>;
}

/**
 * Keeps the closed part of the standard sliding windows merged in the store's range cache, so the first dashboard
 * load of "last 24 hours" after each hour closes does not pay for merging 23 hours of every request series.
 *
 * A sliding window [now − W, now) with 1 h buckets reads: its left edge inside the hour now − W, the closed hours
 * [H − W + 1 h, H) where H is the start of the open hour, and the open hour itself. The middle is the costly part
 * (rollup blocks or hour rows, ~20–40 ms over 1,000 series cold) and the same for every query within the hour: this
 * reads exactly that span per window once the hour has settled, which leaves it cached (see MergedRangeCache; late
 * writes into it invalidate the series they touch, as for any cached run). Runs on the event loop in slices.
 */
export function createWindowWarmer({
  store,
  windowsMs,
  settleMs = 2 * 60_000,
  maxSeries = 5_000,
  seriesPerSlice = 250,
}: WindowWarmerOptions): WindowWarmer {
  const stepMs = (store.tiers[store.tiers.length - 1] as Tier).stepMs;
  const windows = windowsMs.filter((w) => w >= 2 * stepMs && w % stepMs === 0);
  let warmedBeforeMs = Number.NaN;
  return {
    async tick(nowMs) {
      const closedBeforeMs = Math.floor(nowMs / stepMs) * stepMs;
      if (windows.length === 0 || nowMs - closedBeforeMs < settleMs || closedBeforeMs === warmedBeforeMs) return null;
      warmedBeforeMs = closedBeforeMs;
      const ids = (await store.findSeries({ metric: HTTP_SERVER_DURATION })).slice(0, maxSeries).map((s) => s.id);
      if (ids.length === 0) return null;
      for (const windowMs of windows) {
        for (let at = 0; at < ids.length; at += seriesPerSlice) {
          await new Promise((resolve) => setImmediate(resolve));
          const seriesIds = ids.slice(at, at + seriesPerSlice);
          await store.readMerged({ seriesIds, fromMs: closedBeforeMs - windowMs + stepMs, toMs: closedBeforeMs });
        }
      }
      return { closedBeforeMs, series: ids.length, windows: windows.length };
    },
  };
}
