import { describe, expect, it } from 'vitest';
import { distributionOverlay, p95Series } from './before-after.js';
import { timelineItems } from './history.js';
import type { HistoryEntry } from './recommendation-types.js';

const at = (t: number, p95Ms: number) => ({ t, p50Ms: p95Ms / 2, p95Ms, requests: 10 });

describe('before/after chart data', () => {
  it('draws p95 as two lines meeting at the marker, over both windows plus one step', () => {
    const data = p95Series([at(0, 100), at(60_000, 104)], [at(180_000, 50), at(240_000, 48)]);
    expect(data?.series.map((s) => [s.key, s.points])).toEqual([
      [
        'before',
        [
          { t: 0, v: 100 },
          { t: 60_000, v: 104 },
        ],
      ],
      [
        'after',
        [
          { t: 180_000, v: 50 },
          { t: 240_000, v: 48 },
        ],
      ],
    ]);
    expect([data?.fromMs, data?.toMs]).toEqual([0, 300_000]);
    expect(p95Series([at(0, 1)], [])?.series.map((s) => s.key)).toEqual(['before']);
    expect(p95Series([], [])).toBeNull();
  });

  it('overlays the distributions as shares of each side, aligned by bucket, trimming empty ends', () => {
    const rows = distributionOverlay(
      [
        { lowerMs: 13.45, upperMs: 16, count: 0 },
        { lowerMs: 16, upperMs: 19.027, count: 8 },
        { lowerMs: 19.027, upperMs: 22.627, count: 2 },
      ],
      [
        { lowerMs: 8, upperMs: 9.514, count: 4 },
        { lowerMs: 16, upperMs: 19.027000001, count: 4 },
        { lowerMs: 45.25, upperMs: 53.817, count: 0 },
      ],
    );
    expect(rows.map((r) => [r.upperMs, r.before, r.after])).toEqual([
      [9.514, 0, 0.5],
      // An empty bucket between used ones stays: the gap is part of the shape.
      [16, 0, 0],
      [19.027, 0.8, 0.5],
      [22.627, 0.2, 0],
    ]);
    expect(rows[2]!.category).toBe('16 ms – 19 ms');
    expect(distributionOverlay([], [{ lowerMs: 1, upperMs: 2, count: 0 }])).toEqual([]);
  });
});

describe('history timeline', () => {
  const entry = (atMs: number, type: HistoryEntry['type'], from: HistoryEntry['from'], to: HistoryEntry['to']) => ({
    at: atMs,
    actor: type === 'status' ? 'alice' : 'analysis',
    type,
    from,
    to,
    reason: `${type} at ${atMs}`,
  });
  const history: HistoryEntry[] = [
    entry(5, 'status', 'open', 'accepted'),
    entry(1, 'detected', null, 'open'),
    entry(3, 'detected', 'open', 'open'),
    entry(4, 'detected', 'open', 'open'),
    entry(9, 'validation', 'applied', 'validated'),
  ];

  it('lists newest first, folding re-detections after the first', () => {
    const { items, folded } = timelineItems(history, { showDetections: false });
    expect(items.map((i) => [i.at, i.title])).toEqual([
      [9, 'Validation'],
      [5, 'Open → Accepted'],
      [1, 'Detected'],
    ]);
    expect(folded).toBe(2);
  });

  it('shows every re-detection on request', () => {
    const { items, folded } = timelineItems(history, { showDetections: true });
    expect(items.map((i) => i.title)).toEqual([
      'Validation',
      'Open → Accepted',
      'Re-detected',
      'Re-detected',
      'Detected',
    ]);
    expect(folded).toBe(0);
  });
});
