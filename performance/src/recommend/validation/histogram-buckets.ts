import type { ExponentialHistogram } from '@stride/agent';
import type { HistogramBucket } from '../records.js';

/**
 * Scale of the chart buckets: at scale 2 each bucket is 2^(1/4) ≈ 1.19× wider than the one before (4 per doubling),
 * e.g. (16, 19.03], (19.03, 22.63], (22.63, 26.91], (26.91, 32] ms. Stored histograms run at scale ~6 (±0.55 %),
 * far finer than a chart can show; a fixed scale also makes before and after buckets line up.
 */
export const CHART_SCALE = 2;

/**
 * The positive buckets of `histogram` (in units of `msPerUnit` ms) merged down to `scale`, plus the zero bucket
 * when it holds anything, in ms. Empty buckets between the lowest and highest are kept (as 0) so charts show gaps.
 */
export function chartBuckets(
  histogram: ExponentialHistogram | null,
  msPerUnit: number,
  scale = CHART_SCALE,
): HistogramBucket[] {
  if (histogram === null || histogram.count === 0) return [];
  const data = histogram.toData();
  const out: HistogramBucket[] = [];
  if (data.zeroCount > 0) out.push({ lowerMs: 0, upperMs: data.zeroThreshold * msPerUnit, count: data.zeroCount });
  const target = Math.min(scale, data.scale);
  const shift = data.scale - target;
  const counts = new Map<number, number>();
  data.positive.counts.forEach((count, i) => {
    if (count === 0) return;
    // Floor division by 2^shift also for negative indices (an arithmetic shift does exactly that).
    const index = (data.positive.offset + i) >> shift;
    counts.set(index, (counts.get(index) ?? 0) + count);
  });
  if (counts.size === 0) return out;
  const indices = [...counts.keys()];
  const lo = Math.min(...indices);
  const hi = Math.max(...indices);
  const base = 2 ** (2 ** -target);
  for (let index = lo; index <= hi; index++) {
    out.push({
      lowerMs: base ** index * msPerUnit,
      upperMs: base ** (index + 1) * msPerUnit,
      count: counts.get(index) ?? 0,
    });
  }
  return out;
}
