import { ExponentialHistogram, HistogramResetError } from '@stride/agent';
import type { AggregateBuilder } from './aggregate-builder.js';

/**
 * Adds `whole − outside` to `target` (`whole` may be emptied: the caller drops it): the part of one coarse bucket inside a read range, computed as the whole
 * bucket minus its finer buckets outside the range (see planEdgeReads). Returns false, adding nothing, whenever that
 * difference might not equal reading the inside directly; the caller then reads it directly.
 *
 * Counts, sums and histogram buckets subtract exactly (sums to float rounding). What a difference cannot recover:
 *  - min/max: whole.min is the inside's minimum only when the outside's minimum is larger (the extreme lies
 *    inside); it does not matter when `target` already holds a value at or below it. Max mirrors this.
 *  - the newest gauge sample: whole.last is the inside's when its time is not in the outside range; it does not
 *    matter when `target` already holds a sample at least as new.
 *  - histogram resolution: the whole bucket is at a scale no finer than the inside alone. Once the extremes check
 *    out, the outside's values lie within the range's and cannot force a downscale of their own, but outside data
 *    recorded at a coarse scale (another producer) makes the hour that coarse. Merged into a target already at that
 *    scale or coarser, the difference gives the same buckets as the inside would; into a finer target (or an empty
 *    one) the answer could come out coarser than a direct read.
 *
 * `target` must already hold every other part of the read range, so these checks see its final extremes and scale.
 */
export function addEdgeDifference(
  target: AggregateBuilder,
  whole: AggregateBuilder,
  outside: AggregateBuilder,
  outsideFromMs: number,
  outsideToMs: number,
): boolean {
  if (outside.count === 0 && outside.histogram === null && outside.last === null) {
    target.absorb(whole);
    return true;
  }
  const count = whole.count - outside.count;
  if (count < 0) return false;
  if (count === 0) return true;
  const minKnown = whole.min < outside.min || target.min <= whole.min;
  const maxKnown = whole.max > outside.max || target.max >= whole.max;
  if (!minKnown || !maxKnown) return false;

  const wholeLastMs = whole.last === null ? null : whole.lastMs;
  const lastOutside = wholeLastMs !== null && wholeLastMs >= outsideFromMs && wholeLastMs < outsideToMs;
  if (lastOutside && !(target.last !== null && target.lastMs >= (wholeLastMs as number))) return false;

  let histogram: ExponentialHistogram | null = null;
  if (whole.histogram !== null) {
    histogram = differenceOf(whole.histogram, outside.histogram);
    if (histogram === null || target.histogram === null || target.histogram.scale > histogram.scale) return false;
  }
  target.addLive({
    count,
    sum: whole.sum - outside.sum,
    min: whole.min,
    max: whole.max,
    last: lastOutside ? null : whole.last,
    lastMs: lastOutside ? null : wholeLastMs,
    histogram,
  });
  return true;
}

/** whole − outside, or null when outside is not contained in whole (data changed between the reads). */
function differenceOf(whole: ExponentialHistogram, outside: ExponentialHistogram | null): ExponentialHistogram | null {
  try {
    return whole.diff(outside ?? new ExponentialHistogram());
  } catch (err) {
    if (err instanceof HistogramResetError) return null;
    throw err;
  }
}
