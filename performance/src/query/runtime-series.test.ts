import { describe, expect, it } from 'vitest';
import type { SeriesAggregate } from './request-stats.js';
import { runtimeSeries } from './runtime-series.js';

let nextId = 1;
function item(metric: string, unit: string, startMs: number, samples: number[], kind: 'gauge' | 'histogram' = 'gauge') {
  const id = nextId++;
  const result: SeriesAggregate = {
    series: { id, service: 'shop', metric, kind, unit, attributes: {} },
    aggregate: {
      seriesId: id,
      startMs,
      count: samples.length,
      sum: samples.reduce((a, b) => a + b, 0),
      min: Math.min(...samples),
      max: Math.max(...samples),
      last: samples.at(-1) ?? null,
      histogram: null,
    },
  };
  return result;
}

describe('runtimeSeries', () => {
  it('takes the worst delay p99 in ms, mean utilisation and memory, and GC ms per second', () => {
    const range = { fromMs: 0, toMs: 120_000, stepMs: 60_000 };
    const series = runtimeSeries(
      [
        item('nodejs.eventloop.delay.p99', 's', 0, [0.012, 0.031, 0.02]),
        item('nodejs.eventloop.utilization', '1', 0, [0.2, 0.4]),
        item('v8js.memory.heap.used', 'By', 60_000, [100, 300]),
        item('process.memory.usage', 'By', 0, [1_000]),
        item('process.cpu.utilization', '1', 60_000, [0.5]),
        // 120 ms of GC pauses (as seconds) in the first minute → 2 ms per second.
        item('v8js.gc.duration', 's', 0, [0.05, 0.07], 'histogram'),
      ],
      range,
    );
    expect(series.eventLoopDelayP99Ms).toEqual([
      { t: 0, v: 31 },
      { t: 60_000, v: null },
    ]);
    expect(series.eventLoopUtilization[0]!.v).toBeCloseTo(0.3, 12);
    expect(series.heapUsedBytes).toEqual([
      { t: 0, v: null },
      { t: 60_000, v: 200 },
    ]);
    expect(series.rssBytes[0]).toEqual({ t: 0, v: 1_000 });
    expect(series.cpuUtilization[1]).toEqual({ t: 60_000, v: 0.5 });
    expect(series.gcTimeMsPerSecond[0]!.v).toBeCloseTo(2, 9);
    expect(series.heapLimitBytes.every((p) => p.v === null)).toBe(true);
  });
});
