import { describe, expect, it } from 'vitest';
import { bucketIndexOf, distributionRows, formatBucketRange, markerGroups } from './distribution-axis.js';

/** Log-spaced buckets like the API's: `n` buckets from `fromMs`, each `factor` wider, all empty but `counts`. */
function buckets(fromMs: number, factor: number, n: number, counts: Record<number, number>) {
  return Array.from({ length: n }, (_, i) => ({
    lowerMs: fromMs * factor ** i,
    upperMs: fromMs * factor ** (i + 1),
    count: counts[i] ?? 0,
  }));
}

describe('distribution axis', () => {
  // 38 buckets of 2^(1/32) from 20 ms reach 45.6 ms: the route page's shape (bulk at 20 ms, tail at 45 ms).
  const rows = distributionRows(buckets(20, 2 ** (1 / 32), 38, { 0: 600, 37: 120 }));

  it('labels each category with its own bucket bounds, not the first buckets’', () => {
    const last = rows[rows.length - 1]!;
    expect(last.index).toBe(37);
    expect(formatBucketRange(last.lowerMs, last.upperMs)).toBe('44.6–45.6 ms');
    expect(formatBucketRange(rows[0]!.lowerMs, rows[0]!.upperMs)).toBe('20–20.4 ms');
    expect(rows.map((r) => r.share).filter((s) => s > 0)).toEqual([600 / 720, 120 / 720]);
  });

  it('writes the unit once unless the bounds differ in unit', () => {
    expect(formatBucketRange(0, 1.5)).toBe('0–1.5 ms');
    expect(formatBucketRange(900, 1_200)).toBe('900 ms–1.2 s');
    expect(formatBucketRange(1_500, 2_000)).toBe('1.5–2 s');
  });

  it('puts a percentile in the bucket (lower, upper] that holds it', () => {
    expect(bucketIndexOf(rows, 20)).toBe(0);
    expect(bucketIndexOf(rows, 45)).toBe(37);
    expect(bucketIndexOf(rows, rows[5]!.upperMs)).toBe(5);
    expect(bucketIndexOf(rows, rows[5]!.upperMs + 1e-6)).toBe(6);
    // Outside the clamped outer bounds: the nearest end.
    expect(bucketIndexOf(rows, 19)).toBe(0);
    expect(bucketIndexOf(rows, 46)).toBe(37);
    expect(bucketIndexOf(rows, null)).toBeNull();
    expect(bucketIndexOf([], 10)).toBeNull();
  });

  it('draws equal percentiles as one line with one label, and moves close labels up a lane', () => {
    const groups = markerGroups(rows, [
      { name: 'p50', ms: 20, color: 'green' },
      { name: 'p95', ms: 45, color: 'cyan' },
      { name: 'p99', ms: 45, color: 'red' },
    ]);
    expect(groups).toEqual([
      { index: 0, label: 'p50 20 ms', color: 'green', lane: 0, anchor: 'start' },
      { index: 37, label: 'p95 · p99 45 ms', color: 'red', lane: 0, anchor: 'end' },
    ]);

    const close = markerGroups(rows, [
      { name: 'p50', ms: 30, color: 'green' },
      { name: 'p95', ms: 44.2, color: 'cyan' },
      { name: 'p99', ms: 45, color: 'red' },
    ]);
    expect(close.map((g) => [g.index, g.label, g.lane])).toEqual([
      [18, 'p50 30 ms', 0],
      [36, 'p95 44.2 ms', 0],
      [37, 'p99 45 ms', 1],
    ]);
  });

  it('names both values when two different percentiles share a bucket', () => {
    const [group] = markerGroups(rows, [
      { name: 'p95', ms: 44.8, color: 'cyan' },
      { name: 'p99', ms: 45.4, color: 'red' },
    ]);
    expect(group!.label).toBe('p95 44.8 ms · p99 45.4 ms');
  });
});
