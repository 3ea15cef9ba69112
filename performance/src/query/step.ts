import type { Tier } from '../store/store.js';
import { planStepRead } from '../store/tiling.js';

/** Chart-friendly steps; the default step snaps up to one of these. */
const NICE_STEPS_MS = [
  10_000, 20_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000,
  21_600_000, 43_200_000, 86_400_000,
];
const DAY_MS = 86_400_000;

export interface StepChoice {
  fromMs: number;
  toMs: number;
  /** Retention decides which tiers still hold `fromMs`, and so the finest step the store can serve. */
  nowMs: number;
  tiers: readonly Tier[];
  /** Caller's step; rounded up as the store would. */
  requestedStepMs?: number;
  /** Points the default step aims for. */
  targetPoints?: number;
  /** Hard cap: the step grows until the range needs at most about this many points. */
  maxPoints?: number;
}

/**
 * Step for a timeseries, equal to the step Store.readSteps will use (planStepRead), so points and buckets line up.
 * Examples with DEFAULT_TIERS: 1 h range → 3,600,000/120 = 30 s; 24 h → 720 s → 15 min; 15 s asked → 20 s;
 * a 10 s step for a range starting 3 days ago (past the 10 s tier's 48 h) → 1 min.
 */
export function chooseStepMs({
  fromMs,
  toMs,
  nowMs,
  tiers,
  requestedStepMs,
  targetPoints = 120,
  maxPoints = 1_500,
}: StepChoice): number {
  const rangeMs = Math.max(1, toMs - fromMs);
  let stepMs = Math.max(requestedStepMs ?? Math.ceil(rangeMs / targetPoints), Math.ceil(rangeMs / maxPoints), 1);
  if (requestedStepMs === undefined) {
    stepMs = NICE_STEPS_MS.find((nice) => nice >= stepMs) ?? Math.ceil(stepMs / DAY_MS) * DAY_MS;
  }
  return planStepRead(tiers, fromMs, toMs, stepMs, nowMs)?.stepMs ?? stepMs;
}
