import { describe, expect, it } from 'vitest';
import {
  cumulativeBucketCounts,
  formatAccuracyTable,
  PROM_CLIENT_DEFAULT_BUCKETS,
  prometheusHistogramQuantile,
  runAccuracyBench,
} from './accuracy.js';

describe('prometheusHistogramQuantile', () => {
  it('interpolates linearly inside the bucket, as histogram_quantile does', () => {
    // 10 observations ≤ 0.1, 30 ≤ 0.25: the median (rank 20) is 10 of the 20 in (0.1, 0.25] → 0.175.
    expect(prometheusHistogramQuantile(0.5, [0.1, 0.25], [10, 30, 40])).toBeCloseTo(0.175, 12);
    expect(prometheusHistogramQuantile(0.1, [0.1, 0.25], [10, 30, 40])).toBeCloseTo(0.04, 12); // first bucket from 0
    expect(prometheusHistogramQuantile(0.99, [0.1, 0.25], [10, 30, 40])).toBe(0.25); // +Inf bucket → top bound
    expect(prometheusHistogramQuantile(0.5, [0.1], [0, 0])).toBeNaN();
  });

  it('counts cumulative buckets with le semantics (upper-inclusive)', () => {
    expect(cumulativeBucketCounts(Float64Array.of(0.005, 0.006, 0.01, 20), PROM_CLIENT_DEFAULT_BUCKETS)).toEqual([
      1, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4,
    ]);
  });
});

describe('runAccuracyBench', () => {
  it('keeps Stride within 1% while default buckets err far more, deterministically per seed', () => {
    const rows = runAccuracyBench({ samples: 50_000 });
    expect(rows).toHaveLength(15);
    for (const row of rows) expect(row.strideErrPct).toBeLessThanOrEqual(1);
    expect(Math.max(...rows.map((r) => r.promErrPct))).toBeGreaterThan(10);
    expect(runAccuracyBench({ samples: 1000, quantiles: [0.5] })).toEqual(
      runAccuracyBench({ samples: 1000, quantiles: [0.5] }),
    );
    const table = formatAccuracyTable(rows);
    expect(table.split('\n')).toHaveLength(17);
    expect(table).toContain('| lognormal | p99.9 |');
  });
});
