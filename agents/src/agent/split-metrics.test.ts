import { describe, expect, it } from 'vitest';
import type { OtlpMetric } from '../otlp/types.js';
import { splitMetrics } from './split-metrics.js';

const gauge = (name: string, n: number): OtlpMetric => ({
  name,
  unit: '1',
  gauge: { dataPoints: Array.from({ length: n }, (_, i) => ({ asDouble: i })) },
});
const shape = (groups: OtlpMetric[][]) =>
  groups.map((g) => g.map((m) => `${m.name}:${(m.gauge ?? m.sum)?.dataPoints?.map((p) => p.asDouble).join(',')}`));

describe('splitMetrics', () => {
  it('keeps a small collection in one group', () => {
    expect(shape(splitMetrics([gauge('a', 2), gauge('b', 1)], 5))).toEqual([['a:0,1', 'b:0']]);
  });

  it('splits large metrics across groups, keeping name, unit, order and every point once', () => {
    const groups = splitMetrics([gauge('a', 3), gauge('b', 1), gauge('c', 4)], 2);
    expect(shape(groups)).toEqual([['a:0,1'], ['a:2', 'b:0'], ['c:0,1'], ['c:2,3']]);
    expect(groups.flat().every((m) => m.unit === '1')).toBe(true);
  });

  it('keeps sum temporality on split parts', () => {
    const sum: OtlpMetric = {
      name: 's',
      sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [{ asDouble: 0 }, { asDouble: 1 }] },
    };
    const groups = splitMetrics([sum], 1);
    expect(groups.map((g) => g[0]?.sum)).toEqual([
      { aggregationTemporality: 1, isMonotonic: true, dataPoints: [{ asDouble: 0 }] },
      { aggregationTemporality: 1, isMonotonic: true, dataPoints: [{ asDouble: 1 }] },
    ]);
  });

  it('returns no groups for no metrics', () => {
    expect(splitMetrics([], 10)).toEqual([]);
  });
});
