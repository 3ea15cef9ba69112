import type { SeriesRef, Store } from '../store/store.js';
import { type CacheSummary, cacheSummary } from './cache-ratio.js';
import { type DbStatement, dbStatements } from './db-statements.js';
import { type Dependency, dependencies } from './dependencies.js';
import { type PoolSaturation, poolSaturation } from './pool-saturation.js';
import type { SeriesAggregate } from './request-stats.js';
import { RUNTIME_SERIES, type RuntimeSeriesName, runtimeSeries } from './runtime-series.js';
import { chooseStepMs } from './step.js';
import {
  CACHE_LOOKUPS,
  CLIENT_DURATION,
  DB_DURATION,
  DB_ROWS,
  POOL_CONNECTIONS,
  POOL_MAX,
  POOL_PENDING,
  POOL_WAIT,
} from './telemetry-names.js';
import type { TimeseriesPoint } from './timeseries.js';

export interface ServiceRange {
  service: string;
  fromMs: number;
  toMs: number;
}

export interface SteppedRange extends ServiceRange {
  stepMs?: number;
  /** Decides which tiers still hold data at fromMs, and so the finest step the store can serve. */
  nowMs: number;
}

/** Each view answers null when the service has sent no metrics at all (the API's 404). */
export interface ServiceDetailQueries {
  dbStatements(query: ServiceRange & { limit: number }): Promise<DbStatement[] | null>;
  cache(query: ServiceRange): Promise<CacheSummary | null>;
  dependencies(query: ServiceRange): Promise<Dependency[] | null>;
  pool(query: SteppedRange): Promise<{ stepMs: number; pools: PoolSaturation[] } | null>;
  runtime(
    query: SteppedRange,
  ): Promise<{ stepMs: number; series: Record<RuntimeSeriesName, TimeseriesPoint[]> } | null>;
}

/** Joins the metrics Store to the pure per-view functions (db-statements, cache-ratio, dependencies, pool, runtime). */
export function createServiceDetailQueries({
  store,
  maxPoints = 1_500,
}: {
  store: Store;
  /** Most points a series may return. */
  maxPoints?: number;
}): ServiceDetailQueries {
  const known = async (service: string) => (await store.listServices()).includes(service);

  async function seriesOf(service: string, metrics: readonly string[]): Promise<SeriesRef[]> {
    const lists = await Promise.all(metrics.map((metric) => store.findSeries({ metric, service })));
    return lists.flat();
  }

  function join(series: readonly SeriesRef[], aggregates: Awaited<ReturnType<Store['readMerged']>>) {
    const byId = new Map(series.map((s) => [s.id, s]));
    const items: SeriesAggregate[] = [];
    for (const aggregate of aggregates) {
      const ref = byId.get(aggregate.seriesId);
      if (ref) items.push({ series: ref, aggregate });
    }
    return items;
  }

  async function merged({ service, fromMs, toMs }: ServiceRange, metrics: readonly string[]) {
    const series = await seriesOf(service, metrics);
    if (series.length === 0) return [];
    return join(series, await store.readMerged({ seriesIds: series.map((s) => s.id), fromMs, toMs }));
  }

  async function stepped({ service, fromMs, toMs }: ServiceRange, metrics: readonly string[], stepMs: number) {
    const series = await seriesOf(service, metrics);
    if (series.length === 0) return [];
    return join(series, await store.readSteps({ seriesIds: series.map((s) => s.id), fromMs, toMs, stepMs }));
  }

  const step = ({ fromMs, toMs, nowMs, stepMs }: SteppedRange) =>
    chooseStepMs({ fromMs, toMs, nowMs, tiers: store.tiers, requestedStepMs: stepMs, maxPoints });

  return {
    async dbStatements({ limit, ...range }) {
      if (!(await known(range.service))) return null;
      const items = await merged(range, [DB_DURATION, DB_ROWS]);
      const of = (metric: string) => items.filter((i) => i.series.metric === metric);
      return dbStatements(of(DB_DURATION), of(DB_ROWS)).slice(0, limit);
    },

    async cache(range) {
      if (!(await known(range.service))) return null;
      return cacheSummary(await merged(range, [CACHE_LOOKUPS]));
    },

    async dependencies(range) {
      if (!(await known(range.service))) return null;
      return dependencies(await merged(range, [CLIENT_DURATION]));
    },

    async pool(query) {
      if (!(await known(query.service))) return null;
      const stepMs = step(query);
      const metrics = [POOL_CONNECTIONS, POOL_PENDING, POOL_MAX, POOL_WAIT];
      const [mergedItems, stepItems] = await Promise.all([
        merged(query, metrics),
        stepped(query, [POOL_CONNECTIONS, POOL_PENDING], stepMs),
      ]);
      const range = { fromMs: query.fromMs, toMs: query.toMs, stepMs };
      return { stepMs, pools: poolSaturation({ merged: mergedItems, steps: stepItems }, range) };
    },

    async runtime(query) {
      if (!(await known(query.service))) return null;
      const stepMs = step(query);
      const metrics = Object.values(RUNTIME_SERIES).map((s) => s.metric);
      const items = await stepped(query, metrics, stepMs);
      return { stepMs, series: runtimeSeries(items, { fromMs: query.fromMs, toMs: query.toMs, stepMs }) };
    },
  };
}
