import { describe, expect, it } from 'vitest';
import { type AccumulatorFactory, SeriesTable } from './series-table.js';

function table(maxSeries = 10) {
  let created = 0;
  const factory: AccumulatorFactory<{ n: number }> = {
    create: () => {
      created++;
      return { n: 0 };
    },
    reset: (acc) => {
      acc.n = 0;
    },
  };
  return { t: new SeriesTable(factory, maxSeries, () => {}), created: () => created };
}

describe('SeriesTable', () => {
  it('reuses recycled accumulators, emptied, instead of creating new ones', () => {
    const { t, created } = table();
    t.get('a', {}).n = 5;
    t.get('b', {}).n = 7;
    const drained = t.drain();
    expect(drained.map((s) => s.acc.n)).toEqual([5, 7]);
    t.recycle(drained);
    const reused = t.get('c', {});
    expect(reused.n).toBe(0);
    expect(drained.map((s) => s.acc)).toContain(reused);
    expect(created()).toBe(2);
  });

  it('keeps spares only up to the cardinality of the interval just drained', () => {
    const { t } = table();
    for (const k of ['a', 'b', 'c', 'd']) t.get(k, {});
    t.recycle(t.drain());
    expect(t.spareCount).toBe(4);
    t.get('a', {});
    t.drain(); // 1 series this interval: 3 spares were not needed, only 1 is kept
    expect(t.spareCount).toBe(1);
  });
});
