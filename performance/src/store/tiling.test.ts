import { describe, expect, it } from 'vitest';
import { DEFAULT_TIERS } from './store.js';
import { rng } from './store-contract-fixtures.js';
import { planMergedRead, planStepRead } from './tiling.js';

const S = 1_000;
const M = 60_000;
const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const name = (i: number) => DEFAULT_TIERS[i]!.name;
const plan = (fromMs: number, toMs: number, nowMs: number) =>
  planMergedRead(DEFAULT_TIERS, fromMs, toMs, nowMs).map((s) => [
    name(s.tierIndex),
    s.fromStartMs - T0,
    s.toStartMs - T0,
  ]);

describe('planMergedRead', () => {
  it('uses hours in the middle and minutes, then 10 s buckets, towards unaligned edges', () => {
    const from = T0 + 10 * H + 58 * M + 40 * S;
    const to = T0 + 13 * H + M + 15 * S;
    expect(plan(from, to, to)).toEqual([
      ['10s', from - T0, 10 * H + 59 * M],
      ['1m', 10 * H + 59 * M, 11 * H],
      ['1h', 11 * H, 13 * H],
      ['1m', 13 * H, 13 * H + M],
      ['10s', 13 * H + M, 13 * H + M + 20 * S],
    ]);
  });

  it('rounds the left edge down and the right edge up to the finest step (buckets that intersect)', () => {
    expect(plan(T0 + 12 * S, T0 + 35 * S, T0 + H)).toEqual([['10s', 10 * S, 40 * S]]);
  });

  it('takes the containing 1 m bucket where the 10 s tier has expired', () => {
    const now = T0 + 49 * H; // 10 s tier holds T0 + 1 h onwards
    expect(plan(T0 + 30 * M + 35 * S, T0 + 90 * M + 25 * S, now)).toEqual([
      ['1m', 30 * M, 90 * M],
      ['10s', 90 * M, 90 * M + 30 * S],
    ]);
    expect(plan(T0 + 35 * S, T0 + 50 * M + 25 * S, now)).toEqual([['1m', 0, 51 * M]]);
  });

  it('falls back to the hour tier, which is never treated as expired', () => {
    const now = T0 + 40 * 86_400_000;
    expect(plan(T0 + 30 * M, T0 + 3 * H + 5 * S, now)).toEqual([['1h', 0, 4 * H]]);
  });

  it('reads whole coarse buckets at the right edge when nothing is stored past it', () => {
    const to = T0 + 13 * H + M + 15 * S;
    const open = planMergedRead(DEFAULT_TIERS, T0 + 10 * H + 58 * M, to, to, to - 3 * S);
    expect(open.map((s) => [name(s.tierIndex), s.fromStartMs - T0, s.toStartMs - T0])).toEqual([
      ['1m', 10 * H + 58 * M, 11 * H],
      ['1h', 11 * H, 14 * H],
    ]);
    // Data beyond the end (e.g. a clock-skewed agent) keeps the exact edge.
    expect(planMergedRead(DEFAULT_TIERS, T0, to, to, to + M).at(-1)!.tierIndex).toBe(0);
  });

  it('is empty for an empty or inverted range', () => {
    expect(plan(T0, T0, T0)).toEqual([]);
    expect(plan(T0 + H, T0, T0)).toEqual([]);
  });

  it('covers every finest bucket of the span exactly once, for random ranges', () => {
    const random = rng(42);
    for (let i = 0; i < 500; i++) {
      const from = T0 + Math.floor(random() * 30 * H);
      const to = from + Math.floor(random() * 30 * H);
      const spans = planMergedRead(DEFAULT_TIERS, from, to, to);
      if (to === from) continue;
      expect(spans[0]!.fromStartMs).toBe(Math.floor(from / 10_000) * 10_000);
      expect(spans.at(-1)!.toStartMs).toBe(Math.ceil(to / 10_000) * 10_000);
      spans.forEach((s, k) => {
        if (k > 0) expect(s.fromStartMs).toBe(spans[k - 1]!.toStartMs);
        const step = DEFAULT_TIERS[s.tierIndex]!.stepMs;
        expect(s.fromStartMs % step).toBe(0);
        expect(s.toStartMs % step).toBe(0);
      });
    }
  });
});

describe('planStepRead', () => {
  const step = (fromMs: number, toMs: number, stepMs: number, nowMs = toMs) => {
    const p = planStepRead(DEFAULT_TIERS, fromMs, toMs, stepMs, nowMs)!;
    return [name(p.tierIndex), p.stepMs, p.fromStartMs - T0, p.toStartMs - T0];
  };

  it('reads the coarsest tier whose step divides the requested step, aligned to that step', () => {
    expect(step(T0 + 7 * M + 13 * S, T0 + 62 * M, 5 * M)).toEqual(['1m', 5 * M, 5 * M, 65 * M]);
    expect(step(T0 + 7 * M, T0 + 5 * H, 2 * H)).toEqual(['1h', 2 * H, 0, 6 * H]);
    expect(step(T0 + 65 * S, T0 + 125 * S, 90 * S)).toEqual(['10s', 90 * S, 0, 180 * S]);
  });

  it('rounds steps up to a multiple of the finest tier step', () => {
    expect(step(T0, T0 + M, 15 * S)).toEqual(['10s', 20 * S, 0, M]);
    expect(step(T0, T0 + M, 1)).toEqual(['10s', 10 * S, 0, M]);
  });

  it('grows the step to a tier that still holds the first bucket', () => {
    const now = T0 + 49 * H;
    expect(step(T0 + 65 * S, T0 + 125 * S, 10 * S, now)).toEqual(['1m', M, M, 3 * M]);
    expect(step(T0 + 65 * S, T0 + 125 * S, 10 * S, T0 + 31 * 86_400_000)).toEqual(['1h', H, 0, H]);
  });

  it('is null for an empty range', () => {
    expect(planStepRead(DEFAULT_TIERS, T0, T0, M, T0)).toBeNull();
  });
});
