import { describe, expect, it } from 'vitest';
import { isolatedPoints, mergeSeries } from './TimeSeriesChart.js';

describe('isolatedPoints', () => {
  it('finds values with no value on either side (a line draws nothing there), per series', () => {
    const rows = mergeSeries([
      {
        key: 'p50',
        label: 'p50',
        points: [
          { t: 1, v: 5 },
          { t: 2, v: null },
          { t: 3, v: 6 },
          { t: 4, v: 7 },
          { t: 5, v: null },
          { t: 6, v: 8 },
        ],
      },
      { key: 'p99', label: 'p99', points: [{ t: 6, v: 9 }] },
    ]);
    expect([...isolatedPoints(rows, 'p50')]).toEqual([0, 5]);
    expect([...isolatedPoints(rows, 'p99')]).toEqual([5]);
    expect(isolatedPoints(rows, 'missing').size).toBe(0);
  });
});
