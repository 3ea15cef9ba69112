// The pure half of the latency distribution chart: one category per stored bucket, labelled by its bounds, and the
// bucket each percentile marker belongs to. Example: buckets (20, 20.4], (20.4, 20.9], … (44, 45] with p95 = p99 =
// 45 ms give one marker group "p95 · p99 45 ms" on the last bucket, and its tick reads "44–45 ms".
import { formatMs } from '../lib/format.js';

export interface DistributionBucket {
  lowerMs: number;
  upperMs: number;
  count: number;
}

export interface DistributionRow extends DistributionBucket {
  /** Position on the category axis; unique even when two narrow buckets format to the same text. */
  index: number;
  /** Share of all requests in this bucket, 0–1. */
  share: number;
}

export function distributionRows(buckets: readonly DistributionBucket[]): DistributionRow[] {
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  return buckets.map((b, index) => ({
    index,
    lowerMs: b.lowerMs,
    upperMs: b.upperMs,
    count: b.count,
    share: total === 0 ? 0 : b.count / total,
  }));
}

/** The unit word formatMs ended with (`ms`, `s`, `min`) and the number before it. */
function splitUnit(text: string): { number: string; unit: string } {
  const space = text.lastIndexOf(' ');
  return { number: text.slice(0, space), unit: text.slice(space + 1) };
}

/** Both bounds of a bucket, the unit once when they share it: `20.3–20.7 ms`, `0–1.5 ms`, `900 ms–1.2 s`. */
export function formatBucketRange(lowerMs: number, upperMs: number): string {
  const lower = formatMs(lowerMs);
  const upper = formatMs(upperMs);
  const a = splitUnit(lower);
  const b = splitUnit(upper);
  return a.unit === b.unit ? `${a.number}–${upper}` : `${lower}–${upper}`;
}

/**
 * Index of the bucket holding `ms`: buckets are (lowerMs, upperMs], so a value on a bound belongs to the bucket
 * below it. Values past either end (the server clamps the outer bounds to the observed min and max, and a quantile
 * may land a rounding error outside) go to the nearest end bucket.
 */
export function bucketIndexOf(rows: readonly DistributionBucket[], ms: number | null): number | null {
  if (ms === null || !Number.isFinite(ms) || rows.length === 0) return null;
  const index = rows.findIndex((r) => ms <= r.upperMs);
  return index === -1 ? rows.length - 1 : index;
}

export interface PercentileMarker {
  name: string;
  ms: number | null;
  color: string;
}

export interface MarkerGroup {
  /** Category index of the bucket the line is drawn on. */
  index: number;
  /** `p50 20 ms`; percentiles in one bucket share one line: `p95 · p99 45 ms` or `p95 44.1 ms · p99 45 ms`. */
  label: string;
  /** Colour of the highest percentile in the group. */
  color: string;
  /** 0 for the first label row above the plot; higher when a nearby label would overlap. */
  lane: number;
  /** Text anchor, so a label near either end of the axis stays inside the chart. */
  anchor: 'start' | 'middle' | 'end';
}

/**
 * Marker lines for percentiles (given in ascending order), one per bucket. Labels closer than `minGapShare` of
 * the axis width to an earlier label in the same lane move up a lane, so they never print over each other.
 */
export function markerGroups(
  rows: readonly DistributionBucket[],
  markers: readonly PercentileMarker[],
  minGapShare = 0.2,
): MarkerGroup[] {
  const byIndex = new Map<number, PercentileMarker[]>();
  for (const m of markers) {
    const index = bucketIndexOf(rows, m.ms);
    if (index === null) continue;
    byIndex.set(index, [...(byIndex.get(index) ?? []), m]);
  }
  const minGap = Math.max(1, rows.length * minGapShare);
  const lastInLane: number[] = [];
  return [...byIndex.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, group]) => {
      const texts = group.map((m) => formatMs(m.ms));
      const label = texts.every((t) => t === texts[0])
        ? `${group.map((m) => m.name).join(' · ')} ${texts[0]}`
        : group.map((m, i) => `${m.name} ${texts[i]}`).join(' · ');
      let lane = lastInLane.findIndex((last) => index - last >= minGap);
      if (lane === -1) lane = lastInLane.length;
      lastInLane[lane] = index;
      const position = rows.length <= 1 ? 0.5 : index / (rows.length - 1);
      const anchor = position < 0.15 ? 'start' : position > 0.85 ? 'end' : 'middle';
      return { index, label, color: group[group.length - 1]!.color, lane, anchor };
    });
}
