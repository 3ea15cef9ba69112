import type { SeriesAggregate } from './request-stats.js';
import { msPerUnit } from './semconv.js';
import { foldSteps, maxOf, meanOf, type StepRange } from './step-fold.js';
import type { TimeseriesPoint } from './timeseries.js';

interface RuntimeSeries {
  metric: string;
  /** One step's value from that step's aggregates of the metric's series. */
  reduce: (items: readonly SeriesAggregate[], stepMs: number) => number | null;
}

const unitMs = (items: readonly SeriesAggregate[]) => msPerUnit(items[0]?.series.unit ?? 's');

/**
 * The runtime views, keyed by response field. Delay takes the worst p99 sampled in a step; utilisations and memory
 * the mean sample; GC the total pause time per second of wall time (e.g. 120 ms of GC in a 60 s step → 2 ms/s).
 */
export const RUNTIME_SERIES = {
  eventLoopDelayP99Ms: {
    metric: 'nodejs.eventloop.delay.p99',
    reduce: (items) => {
      const max = maxOf(items);
      return max === null ? null : max * unitMs(items);
    },
  },
  eventLoopUtilization: { metric: 'nodejs.eventloop.utilization', reduce: meanOf },
  heapUsedBytes: { metric: 'v8js.memory.heap.used', reduce: meanOf },
  heapLimitBytes: { metric: 'v8js.memory.heap.limit', reduce: maxOf },
  rssBytes: { metric: 'process.memory.usage', reduce: meanOf },
  cpuUtilization: { metric: 'process.cpu.utilization', reduce: meanOf },
  gcTimeMsPerSecond: {
    metric: 'v8js.gc.duration',
    reduce: (items, stepMs) => {
      const totalMs = items.reduce((sum, i) => sum + i.aggregate.sum * msPerUnit(i.series.unit), 0);
      return totalMs / (stepMs / 1_000);
    },
  },
} as const satisfies Record<string, RuntimeSeries>;

export type RuntimeSeriesName = keyof typeof RUNTIME_SERIES;

/** Every runtime series over the range, from readSteps aggregates of all runtime metrics together. */
export function runtimeSeries(
  items: readonly SeriesAggregate[],
  range: StepRange,
): Record<RuntimeSeriesName, TimeseriesPoint[]> {
  const out = {} as Record<RuntimeSeriesName, TimeseriesPoint[]>;
  for (const [name, { metric, reduce }] of Object.entries(RUNTIME_SERIES) as [RuntimeSeriesName, RuntimeSeries][]) {
    const mine = items.filter((i) => i.series.metric === metric);
    out[name] = foldSteps(mine, range, (group) => reduce(group, range.stepMs));
  }
  return out;
}
