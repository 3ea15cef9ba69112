import { ExponentialHistogram } from '@stride/agent';
import { describe, expect, it } from 'vitest';
import { chartBuckets } from './histogram-buckets.js';

describe('chart buckets', () => {
  it('merges fine buckets down to scale 2, in ms, keeping counts and filling gaps', () => {
    const h = new ExponentialHistogram();
    for (let i = 0; i < 50; i++) h.record(0.02); // 20 ms, in seconds
    for (let i = 0; i < 10; i++) h.record(0.1);
    const buckets = chartBuckets(h, 1_000);
    expect(buckets.reduce((n, b) => n + b.count, 0)).toBe(60);
    const at = (ms: number) => buckets.find((b) => b.lowerMs < ms && ms <= b.upperMs)!;
    expect(at(20).count).toBe(50);
    expect(at(100).count).toBe(10);
    for (const b of buckets) expect(b.upperMs / b.lowerMs).toBeCloseTo(2 ** 0.25, 9);
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.lowerMs).toBeCloseTo(buckets[i - 1]!.upperMs, 9);
    expect(buckets.filter((b) => b.count === 0).length).toBe(buckets.length - 2);
  });

  it('gives the same boundaries for two histograms (so before and after line up)', () => {
    const a = new ExponentialHistogram();
    a.record(0.013);
    const b = new ExponentialHistogram();
    b.record(0.0131);
    expect(chartBuckets(a, 1_000)[0]).toEqual(chartBuckets(b, 1_000)[0]);
  });

  it('is empty without data', () => {
    expect(chartBuckets(null, 1)).toEqual([]);
    expect(chartBuckets(new ExponentialHistogram(), 1)).toEqual([]);
  });
});
