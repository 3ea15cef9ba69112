import type { Tier } from './store.js';
import { bucketStartMs, coverageStartMs } from './tiers.js';

/** Read the buckets of tier `tierIndex` whose start lies in [fromStartMs, toStartMs). */
export interface TierSpan {
  tierIndex: number;
  fromStartMs: number;
  toStartMs: number;
}

/**
 * Tiles [fromMs, toMs) with the coarsest buckets that fit, so a 24 h read touches ~24 one-hour buckets per series
 * instead of 8,640 ten-second ones.
 *
 * Edge rule: the range reads every bucket that intersects it, at the finest tier that still holds that edge.
 * The right edge rounds up to the finest step (so `to = now` includes the bucket still filling). The left edge
 * rounds down to the step of the finest tier whose bucket containing `from` is still within retention: with 10 s
 * data, from = 12:00:35 starts at 12:00:30; once the 10 s tier has expired there, it starts at the 1 m bucket that
 * contains it, 12:00:00. The interior is then tiled greedily left to right, always with the coarsest tier that is
 * aligned at the cursor, still holds it, and fits before the end:
 *
 *   from 10:59:40, to 13:00:20 (all tiers hold it) →
 *   10s [10:59:40, 11:00:00) · 1h [11:00, 13:00) · 10s [13:00:00, 13:00:20)
 *
 * The result therefore equals merging the finest retained buckets of the same span. Spans of one tier are
 * contiguous and returned in time order.
 *
 * `dataEndMs` (optional) is a bound after which nothing is stored (the end of the newest finest bucket written).
 * When the range reaches it, buckets may run past the end, since their part beyond it is empty: a 24 h window
 * ending now reads the current hour as one 1 h bucket instead of up to 59 one-minute and 5 ten-second buckets.
 */
export function planMergedRead(
  tiers: readonly Tier[],
  fromMs: number,
  toMs: number,
  nowMs: number,
  dataEndMs = Number.POSITIVE_INFINITY,
): TierSpan[] {
  const finest = tiers[0];
  if (finest === undefined || !(toMs > fromMs)) return [];
  const steps = tiers.map((t) => t.stepMs);
  const coverage = tiers.map((_, k) => coverageStartMs(tiers, k, nowMs));
  const coarsest = tiers.length - 1;

  const startTier = steps.findIndex((step, k) => bucketStartMs(fromMs, step) >= (coverage[k] as number));
  let cursor = bucketStartMs(fromMs, steps[startTier] as number);
  const end = Math.ceil(toMs / finest.stepMs) * finest.stepMs;
  const fitEnd = end >= dataEndMs ? Number.POSITIVE_INFINITY : end;
  const spans: TierSpan[] = [];

  while (cursor < end) {
    let chosen = -1;
    let finestCandidate = -1;
    for (let k = coarsest; k >= 0; k--) {
      const step = steps[k] as number;
      if (cursor % step !== 0 || cursor < (coverage[k] as number)) continue;
      finestCandidate = k;
      if (chosen < 0 && cursor + step <= fitEnd) chosen = k;
    }
    // Nothing fits: the tail is older than the finer tiers keep, so take the smallest retained bucket containing it.
    if (chosen < 0) chosen = finestCandidate;
    const step = steps[chosen] as number;
    const runs = (end - cursor) / step;
    const count = chosen !== coarsest ? 1 : Math.max(1, fitEnd === end ? Math.floor(runs) : Math.ceil(runs));
    const next = cursor + count * step;
    const last = spans[spans.length - 1];
    if (last !== undefined && last.tierIndex === chosen && last.toStartMs === cursor) last.toStartMs = next;
    else spans.push({ tierIndex: chosen, fromStartMs: cursor, toStartMs: next });
    cursor = next;
  }
  return spans;
}

export interface StepPlan extends TierSpan {
  /** The step actually used, unix ms: the requested step rounded up to a multiple of the tier read. */
  stepMs: number;
}

/**
 * Chooses the tier and effective step for a step read over [fromMs, toMs).
 * The step is rounded up to a multiple of the finest tier's step (15 s → 20 s), then read from the coarsest tier
 * whose step divides it (5 m → 1 m tier). If that tier no longer holds the first step bucket, the step grows to the
 * next tier that does (10 s over last week → 1 m). Step buckets are epoch-aligned and every one intersecting the
 * range is returned whole.
 */
export function planStepRead(
  tiers: readonly Tier[],
  fromMs: number,
  toMs: number,
  requestedStepMs: number,
  nowMs: number,
): StepPlan | null {
  const finest = tiers[0];
  if (finest === undefined || !(toMs > fromMs)) return null;
  let stepMs = Math.max(1, Math.ceil(requestedStepMs / finest.stepMs)) * finest.stepMs;
  for (;;) {
    let tierIndex = 0;
    tiers.forEach((t, k) => {
      if (stepMs % t.stepMs === 0) tierIndex = k;
    });
    const fromStartMs = bucketStartMs(fromMs, stepMs);
    if (fromStartMs >= coverageStartMs(tiers, tierIndex, nowMs)) {
      return { tierIndex, stepMs, fromStartMs, toStartMs: Math.ceil(toMs / stepMs) * stepMs };
    }
    const holder = tiers.findIndex(
      (t, k) => k > tierIndex && bucketStartMs(fromStartMs, t.stepMs) >= coverageStartMs(tiers, k, nowMs),
    );
    const holderStep = (tiers[holder] ?? tiers[tiers.length - 1])?.stepMs ?? stepMs;
    stepMs = Math.ceil(stepMs / holderStep) * holderStep;
  }
}
