// Chart data for "did the fix help?": the per-minute p95 on both sides of the marker, and the two latency
// distributions on one axis. Sides differ in length and traffic, so the distributions are compared as shares of
// each side's requests, not counts.
import type { ChartSeries } from '../../charts/TimeSeriesChart.js';
import { formatMs } from '../../lib/format.js';
import type { HistogramBucket, IntervalValue } from './recommendation-types.js';

/** Before is amber, after the accent: distinct in both themes and for common colour-vision deficiencies. */
export const BEFORE_COLOR = 'var(--series-2)';
export const AFTER_COLOR = 'var(--series-0)';

export interface BeforeAfterSeries {
  series: ChartSeries[];
  fromMs: number;
  toMs: number;
}

/**
 * Two p95 lines, `before` ending and `after` starting at the marker, for TimeSeriesChart. The window spans both
 * sides plus one step; null when neither side has a point.
 */
export function p95Series(
  before: readonly IntervalValue[],
  after: readonly IntervalValue[],
  stepMs = 60_000,
): BeforeAfterSeries | null {
  const all = [...before, ...after];
  if (all.length === 0) return null;
  const times = all.map((p) => p.t);
  const toPoints = (side: readonly IntervalValue[]) => side.map((p) => ({ t: p.t, v: p.p95Ms }));
  const series: ChartSeries[] = [{ key: 'before', label: 'p95 before', points: toPoints(before), color: BEFORE_COLOR }];
  if (after.length > 0) series.push({ key: 'after', label: 'p95 after', points: toPoints(after), color: AFTER_COLOR });
  return { series, fromMs: Math.min(...times), toMs: Math.max(...times) + stepMs };
}

export interface OverlayRow {
  /** `20 ms – 23.8 ms`, the bucket's range. */
  category: string;
  upperMs: number;
  /** Share (0–1) of the side's requests in this bucket. */
  before: number;
  after: number;
}

/**
 * One row per bucket of either side (the server aligns them: 4 per doubling), each with both sides' shares;
 * empty buckets at both ends are trimmed so the chart shows where the requests are. Example: before 8 of 10
 * requests in (16, 19] ms, after 4 of 8 → { before: 0.8, after: 0.5 }.
 */
export function distributionOverlay(
  before: readonly HistogramBucket[],
  after: readonly HistogramBucket[],
): OverlayRow[] {
  const total = (side: readonly HistogramBucket[]) => side.reduce((sum, b) => sum + b.count, 0);
  const totals = { before: total(before), after: total(after) };
  const rows = new Map<string, { lowerMs: number; upperMs: number; before: number; after: number }>();
  const add = (side: 'before' | 'after', buckets: readonly HistogramBucket[]) => {
    for (const b of buckets) {
      // Buckets are aligned by construction; keying by rounded bounds also joins float noise (23.78414 vs …15).
      const key = `${b.lowerMs.toPrecision(6)}|${b.upperMs.toPrecision(6)}`;
      const row = rows.get(key) ?? { lowerMs: b.lowerMs, upperMs: b.upperMs, before: 0, after: 0 };
      row[side] += totals[side] > 0 ? b.count / totals[side] : 0;
      rows.set(key, row);
    }
  };
  add('before', before);
  add('after', after);
  const sorted = [...rows.values()].sort((a, b) => a.lowerMs - b.lowerMs);
  const used = (r: (typeof sorted)[number]) => r.before > 0 || r.after > 0;
  const first = sorted.findIndex(used);
  if (first === -1) return [];
  const last = sorted.length - 1 - [...sorted].reverse().findIndex(used);
  return sorted.slice(first, last + 1).map((r) => ({
    category: `${formatMs(r.lowerMs)} – ${formatMs(r.upperMs)}`,
    upperMs: r.upperMs,
    before: r.before,
    after: r.after,
  }));
}
