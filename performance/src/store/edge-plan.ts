import type { Tier } from './store.js';
import { planMergedRead, type TierSpan } from './tiling.js';

/**
 * An edge of a merged read that is cheaper as a difference: one whole coarse bucket minus its finer buckets that
 * lie outside the range. `direct` is the edge as planMergedRead tiles it, read instead when the difference is not
 * exact (see addEdgeDifference).
 */
export interface EdgeDifference {
  whole: TierSpan;
  outside: TierSpan[];
  direct: TierSpan[];
  /** The time the outside buckets cover, unix ms: [outsideFromMs, outsideToMs). */
  outsideFromMs: number;
  outsideToMs: number;
}

export interface EdgeReadPlan {
  /** Spans to add as they are. */
  spans: TierSpan[];
  edges: EdgeDifference[];
}

/**
 * What a difference costs beyond its rows, in rows: direct rows merge into the series' histogram as they come
 * (~1 µs each, see TierRows.foldMerged), while a difference builds three more histograms per series (whole, outside,
 * their difference) and subtracts them: measured ~30 ms over 1,000 series for a sliding 24 h route table.
 */
const DIFFERENCE_OVERHEAD_ROWS = 24;

/** Buckets a span reads at most (one row per series per bucket). */
export function spanBuckets(tiers: readonly Tier[], span: TierSpan): number {
  return (span.toStartMs - span.fromStartMs) / (tiers[span.tierIndex] as Tier).stepMs;
}

/**
 * planMergedRead, with each edge next to a coarsest-tier span read as a difference when that reads fewer buckets.
 *
 * The edges of a sliding window (from = now − 24 h) fall inside coarse buckets and are tiled with up to 59 minute and
 * 5 ten-second buckets. When the edge covers most of its hour, the hour minus the part outside the range is
 * cheaper. From 12:05:00 to 13:00 is 55 minute buckets directly, or the 12:00 hour minus 12:00–12:05: 1 + 5 rows
 * (+ DIFFERENCE_OVERHEAD_ROWS). From 12:37:20 it stays direct (4 + 22 rows, against 1 + 37 + 2). An edge thus costs
 * at most ~44 rows' worth, and differences serve edges covering more than ~43 minutes of their hour.
 */
export function planEdgeReads(
  tiers: readonly Tier[],
  fromMs: number,
  toMs: number,
  nowMs: number,
  dataEndMs = Number.POSITIVE_INFINITY,
): EdgeReadPlan {
  const spans = planMergedRead(tiers, fromMs, toMs, nowMs, dataEndMs);
  const coarsest = tiers.length - 1;
  const first = spans.findIndex((s) => s.tierIndex === coarsest);
  if (coarsest === 0 || first < 0) return { spans, edges: [] };
  const last = spans.findLastIndex((s) => s.tierIndex === coarsest);
  const stepMs = (tiers[coarsest] as Tier).stepMs;
  const edges: EdgeDifference[] = [];
  const kept = spans.slice(first, last + 1);

  const left = spans.slice(0, first);
  const leftEnd = (spans[first] as TierSpan).fromStartMs;
  const leftEdge = left.length > 0 ? differenceFor(tiers, left, leftEnd - stepMs, leftEnd, 'left', nowMs) : null;
  if (leftEdge) edges.push(leftEdge);
  else kept.unshift(...left);

  const right = spans.slice(last + 1);
  const rightStart = (spans[last] as TierSpan).toStartMs;
  const rightEdge =
    right.length > 0 ? differenceFor(tiers, right, rightStart, rightStart + stepMs, 'right', nowMs) : null;
  if (rightEdge) edges.push(rightEdge);
  else kept.push(...right);
  return { spans: kept, edges };
}

/** The difference for an edge `direct` inside the coarse bucket [bucketFromMs, bucketToMs), if it reads fewer rows. */
function differenceFor(
  tiers: readonly Tier[],
  direct: TierSpan[],
  bucketFromMs: number,
  bucketToMs: number,
  side: 'left' | 'right',
  nowMs: number,
): EdgeDifference | null {
  const edgeFromMs = (direct[0] as TierSpan).fromStartMs;
  const edgeToMs = (direct[direct.length - 1] as TierSpan).toStartMs;
  if (edgeFromMs < bucketFromMs || edgeToMs > bucketToMs) return null;
  const [outsideFromMs, outsideToMs] = side === 'left' ? [bucketFromMs, edgeFromMs] : [edgeToMs, bucketToMs];
  const outside = planMergedRead(tiers, outsideFromMs, outsideToMs, nowMs);
  // The outside must tile its range exactly: planMergedRead widens edges where a fine tier has expired.
  const exact =
    outside.length > 0 &&
    (outside[0] as TierSpan).fromStartMs === outsideFromMs &&
    (outside[outside.length - 1] as TierSpan).toStartMs === outsideToMs &&
    outside.every((s) => s.tierIndex < tiers.length - 1);
  if (!exact) return null;
  const cost = (spans: TierSpan[]) => spans.reduce((n, s) => n + spanBuckets(tiers, s), 0);
  if (1 + cost(outside) + DIFFERENCE_OVERHEAD_ROWS >= cost(direct)) return null;
  const whole = { tierIndex: tiers.length - 1, fromStartMs: bucketFromMs, toStartMs: bucketToMs };
  return { whole, outside, direct, outsideFromMs, outsideToMs };
}
