import { describe, expect, it } from 'vitest';
import { DEFAULT_TIERS } from '../store/store.js';
import { chooseStepMs } from './step.js';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const HOUR = 3_600_000;
const DAY = 86_400_000;
const choose = (rangeMs: number, extra: { requestedStepMs?: number; endAgoMs?: number } = {}) => {
  const toMs = NOW - (extra.endAgoMs ?? 0);
  return chooseStepMs({ fromMs: toMs - rangeMs, toMs, nowMs: NOW, tiers: DEFAULT_TIERS, ...extra });
};

describe('chooseStepMs', () => {
  it.each([
    ['5 minutes', 5 * 60_000, 10_000],
    ['1 hour (30 s = range/120)', HOUR, 30_000],
    ['6 hours (180 s → 5 min)', 6 * HOUR, 300_000],
    ['24 hours (720 s → 15 min)', 24 * HOUR, 900_000],
    ['7 days (5,040 s → 2 h)', 7 * DAY, 2 * HOUR],
    ['400 days', 400 * DAY, 4 * DAY],
  ])('defaults to about 120 points on a chart-friendly step: %s', (_name, rangeMs, stepMs) => {
    expect(choose(rangeMs)).toBe(stepMs);
  });

  it('rounds a requested step up to a multiple of the finest tier', () => {
    expect(choose(HOUR, { requestedStepMs: 15_000 })).toBe(20_000);
    expect(choose(HOUR, { requestedStepMs: 60_000 })).toBe(60_000);
  });

  it('caps the number of points at 1,500 by growing the step', () => {
    const stepMs = choose(7 * DAY, { requestedStepMs: 10_000 });
    expect((7 * DAY) / stepMs).toBeLessThanOrEqual(1_500);
    expect(stepMs % 60_000).toBe(0);
  });

  it('uses a coarser step where the finer tier has expired', () => {
    // The 10 s tier keeps 48 h: a range starting 3 days ago can only be read at 1 min or coarser.
    expect(choose(HOUR, { requestedStepMs: 10_000, endAgoMs: 3 * DAY })).toBe(60_000);
    // The 1 m tier keeps 30 d: 40 days ago only hourly buckets exist.
    expect(choose(HOUR, { endAgoMs: 40 * DAY })).toBe(HOUR);
  });
});
