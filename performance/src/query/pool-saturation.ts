import { durationQuantileMs, tallyDurations } from './duration-tally.js';
import { groupBy, type SeriesAggregate } from './request-stats.js';
import { foldSteps, maxOf, type StepRange } from './step-fold.js';
import {
  ATTR_POOL_NAME,
  ATTR_POOL_STATE,
  POOL_CONNECTIONS,
  POOL_MAX,
  POOL_PENDING,
  POOL_WAIT,
} from './telemetry-names.js';

export interface PoolPoint {
  /** Step start, unix ms. */
  t: number;
  /** Largest in-use, idle and waiting counts sampled in the step; null without samples. */
  used: number | null;
  idle: number | null;
  waiting: number | null;
}

export interface PoolSaturation {
  pool: string;
  maxConnections: number | null;
  maxUsed: number | null;
  maxIdle: number | null;
  maxWaiting: number | null;
  /** maxUsed / maxConnections: 1 means every connection was busy at some sample. */
  saturation: number | null;
  /** Connection acquisitions timed by db.client.connection.wait_time. */
  waits: number;
  waitP95Ms: number | null;
  waitMaxMs: number | null;
  series: PoolPoint[];
}

/** Items of the four pool metrics, each item's series naming its metric. */
export interface PoolInput {
  merged: readonly SeriesAggregate[];
  steps: readonly SeriesAggregate[];
}

const poolOf = (i: SeriesAggregate) => i.series.attributes[ATTR_POOL_NAME] ?? '';
const only = (items: readonly SeriesAggregate[], metric: string, state?: string) =>
  items.filter(
    (i) => i.series.metric === metric && (state === undefined || i.series.attributes[ATTR_POOL_STATE] === state),
  );

/**
 * Pool saturation per pool name, from the gauges sampled at each export (in use, idle, waiting, max) and the wait
 * histogram. Several instances of a service report the same series, so maxima are per instance, not sums.
 */
export function poolSaturation({ merged, steps }: PoolInput, range: StepRange): PoolSaturation[] {
  const stepsByPool = groupBy(steps, poolOf);
  return [...groupBy(merged, poolOf)]
    .map(([pool, items]) => {
      const maxConnections = maxOf(only(items, POOL_MAX));
      const maxUsed = maxOf(only(items, POOL_CONNECTIONS, 'used'));
      const wait = tallyDurations(only(items, POOL_WAIT));
      const poolSteps = stepsByPool.get(pool) ?? [];
      const fold = (metric: string, state?: string) => foldSteps(only(poolSteps, metric, state), range, maxOf);
      const used = fold(POOL_CONNECTIONS, 'used');
      const idle = fold(POOL_CONNECTIONS, 'idle');
      const waiting = fold(POOL_PENDING);
      return {
        pool: pool === '' ? '(default)' : pool,
        maxConnections,
        maxUsed,
        maxIdle: maxOf(only(items, POOL_CONNECTIONS, 'idle')),
        maxWaiting: maxOf(only(items, POOL_PENDING)),
        saturation: maxUsed !== null && maxConnections ? maxUsed / maxConnections : null,
        waits: wait.count,
        waitP95Ms: durationQuantileMs(wait, 0.95),
        waitMaxMs: wait.maxMs,
        series: used.map(({ t, v }, i) => ({ t, used: v, idle: idle[i]!.v, waiting: waiting[i]!.v })),
      };
    })
    .sort((a, b) => a.pool.localeCompare(b.pool));
}
