import { describe, expect, it } from 'vitest';
import { planEdgeReads } from './edge-plan.js';
import { DEFAULT_TIERS } from './store.js';
import type { TierSpan } from './tiling.js';

const S = 1_000;
const M = 60_000;
const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const show = (spans: TierSpan[]) =>
  spans.map((s) => [DEFAULT_TIERS[s.tierIndex]!.name, s.fromStartMs - T0, s.toStartMs - T0]);

describe('planEdgeReads', () => {
  it('reads an edge covering most of its hour as the hour minus the minutes outside the range', () => {
    const from = T0 + 10 * H + 5 * M + 25 * S; // 55 minute and 4 ten-second buckets directly
    const to = T0 + 20 * H;
    const plan = planEdgeReads(DEFAULT_TIERS, from, to, to);
    expect(show(plan.spans)).toEqual([['1h', 11 * H, 20 * H]]);
    expect(plan.edges).toHaveLength(1);
    const [edge] = plan.edges;
    expect(show([edge!.whole])).toEqual([['1h', 10 * H, 11 * H]]);
    expect(show(edge!.outside)).toEqual([
      ['1m', 10 * H, 10 * H + 5 * M],
      ['10s', 10 * H + 5 * M, 10 * H + 5 * M + 20 * S],
    ]);
    expect([edge!.outsideFromMs - T0, edge!.outsideToMs - T0]).toEqual([10 * H, 10 * H + 5 * M + 20 * S]);
    expect(show(edge!.direct)).toEqual([
      ['10s', 10 * H + 5 * M + 20 * S, 10 * H + 6 * M],
      ['1m', 10 * H + 6 * M, 11 * H],
    ]);
  });

  it('keeps an edge direct when that reads fewer rows (a sliding 24 h window at :37)', () => {
    const to = T0 + 36 * H + 37 * M + 23 * S;
    const plan = planEdgeReads(DEFAULT_TIERS, to - 24 * H, to, to, to);
    expect(plan.edges).toEqual([]);
    expect(show(plan.spans)).toEqual([
      ['10s', 12 * H + 37 * M + 20 * S, 12 * H + 38 * M],
      ['1m', 12 * H + 38 * M, 13 * H],
      ['1h', 13 * H, 37 * H],
    ]);
  });

  it('reads a right edge as a difference when data may lie beyond the range', () => {
    const to = T0 + 20 * H + 50 * M;
    const plan = planEdgeReads(DEFAULT_TIERS, T0 + 10 * H, to, to + H, to + H);
    expect(show(plan.spans)).toEqual([['1h', 10 * H, 20 * H]]);
    expect(show([plan.edges[0]!.whole])).toEqual([['1h', 20 * H, 21 * H]]);
    expect(show(plan.edges[0]!.outside)).toEqual([['1m', 20 * H + 50 * M, 21 * H]]);
  });

  it('bounds every edge at ~44 rows however the range falls', () => {
    for (let offsetS = 0; offsetS < 3600; offsetS += 70) {
      const from = T0 + 10 * H + offsetS * S;
      const plan = planEdgeReads(DEFAULT_TIERS, from, T0 + 30 * H, T0 + 30 * H);
      const rows = (spans: TierSpan[]) =>
        spans.reduce((n, s) => n + (s.toStartMs - s.fromStartMs) / DEFAULT_TIERS[s.tierIndex]!.stepMs, 0);
      const edgeRows = plan.edges.reduce((n, e) => n + 1 + rows(e.outside), 0) + rows(plan.spans) - 20;
      // A difference is taken only when it saves more than its fixed cost (DIFFERENCE_OVERHEAD_ROWS, 24).
      expect(edgeRows).toBeLessThanOrEqual(44);
    }
  });

  it('stays direct where the outside could not be tiled exactly (the 10 s tier expired there)', () => {
    const now = T0 + 49 * H; // the 10 s tier holds T0 + 1 h on
    const from = T0 + 60 * M + 2 * M + 30 * S; // the hour before expired at 10 s resolution: outside is [T0+1h, …)
    const plan = planEdgeReads(DEFAULT_TIERS, from, T0 + 5 * H, now);
    expect(plan.edges).toHaveLength(1);
    const early = planEdgeReads(DEFAULT_TIERS, T0 + 5 * M + 35 * S, T0 + 5 * H, now);
    // From T0 + 5:35 the 10 s tier expired: the edge widens to the 1 m bucket and the outside is whole minutes.
    expect(show(early.edges[0]!.outside)).toEqual([['1m', 0, 5 * M]]);
  });
});
