import type { Aggregate, SeriesQuery, SeriesRef, Store } from '../store/store.js';
import { groupBy, type RequestStats, requestStats, type SeriesAggregate, tallyRequests } from './request-stats.js';
import { ATTR_METHOD, ATTR_ROUTE, HTTP_SERVER_DURATION, isServerError, msPerUnit } from './semconv.js';
import { chooseStepMs } from './step.js';
import { buildTimeseries, type TimeseriesMetric, type TimeseriesPoint } from './timeseries.js';

export interface ServiceSummary extends Omit<RequestStats, 'maxMs'> {
  name: string;
}

export interface RouteSummary extends RequestStats {
  method: string | null;
  route: string | null;
}

export interface TimeRange {
  fromMs: number;
  toMs: number;
}

export interface TimeseriesQuery extends TimeRange {
  service: string;
  route?: string;
  method?: string;
  metric: TimeseriesMetric;
  quantile: number;
  stepMs?: number;
  /** Decides which tiers still hold data at fromMs, and so the finest step the store can serve. */
  nowMs: number;
}

export interface QueryService {
  services(range: TimeRange): Promise<ServiceSummary[]>;
  /** null when the service has no request series at all. */
  routes(query: TimeRange & { service: string }): Promise<RouteSummary[] | null>;
  timeseries(query: TimeseriesQuery): Promise<{ stepMs: number; points: TimeseriesPoint[] }>;
}

export interface QueryServiceOptions {
  store: Store;
  /** Apdex T per service, ms. */
  apdexThresholdMsFor: (service: string) => number;
  /** Most points a timeseries may return. */
  maxPoints?: number;
}

/** Thin layer joining the Store to the pure request statistics. */
export function createQueryService({
  store,
  apdexThresholdMsFor,
  maxPoints = 1_500,
}: QueryServiceOptions): QueryService {
  function join(series: readonly SeriesRef[], aggregates: readonly Aggregate[]): SeriesAggregate[] {
    const byId = new Map(series.map((s) => [s.id, s]));
    const items: SeriesAggregate[] = [];
    for (const aggregate of aggregates) {
      const ref = byId.get(aggregate.seriesId);
      if (ref) items.push({ series: ref, aggregate });
    }
    return items;
  }

  async function readMerged({ fromMs, toMs, ...query }: Omit<SeriesQuery, 'metric'> & TimeRange) {
    const series = await store.findSeries({ metric: HTTP_SERVER_DURATION, ...query });
    const seriesIds = series.map((s) => s.id);
    const aggregates = series.length === 0 ? [] : await store.readMerged({ seriesIds, fromMs, toMs });
    return { series, items: join(series, aggregates) };
  }

  return {
    async services({ fromMs, toMs }) {
      const { series, items } = await readMerged({ fromMs, toMs });
      const byService = groupBy(items, (item) => item.series.service);
      // Services with series but no data in range are listed too, with zero requests and null statistics.
      const names = [...new Set(series.map((s) => s.service))].sort();
      return names.map((name) => {
        const { maxMs: _maxMs, ...stats } = requestStats(
          tallyRequests(byService.get(name) ?? [], apdexThresholdMsFor(name)),
          toMs - fromMs,
        );
        return { name, ...stats };
      });
    },

    async routes({ service, fromMs, toMs }) {
      const { series, items } = await readMerged({ service, fromMs, toMs });
      if (series.length === 0) return null;
      const key = (attrs: Record<string, string>) =>
        JSON.stringify([attrs[ATTR_METHOD] ?? null, attrs[ATTR_ROUTE] ?? null]);
      const byRoute = groupBy(items, (item) => key(item.series.attributes));
      const thresholdMs = apdexThresholdMsFor(service);
      const routes: RouteSummary[] = [...new Set(series.map((s) => key(s.attributes)))].map((k) => {
        const [method, route] = JSON.parse(k) as [string | null, string | null];
        return { method, route, ...requestStats(tallyRequests(byRoute.get(k) ?? [], thresholdMs), toMs - fromMs) };
      });
      // Busiest first, then by route and method so equal counts have a stable order.
      return routes.sort(
        (a, b) =>
          b.requests - a.requests ||
          (a.route ?? '').localeCompare(b.route ?? '') ||
          (a.method ?? '').localeCompare(b.method ?? ''),
      );
    },

    async timeseries({ service, route, method, metric, quantile, fromMs, toMs, stepMs: requestedStepMs, nowMs }) {
      const stepMs = chooseStepMs({ fromMs, toMs, nowMs, tiers: store.tiers, requestedStepMs, maxPoints });
      const attributes: Record<string, string> = {};
      if (route !== undefined) attributes[ATTR_ROUTE] = route;
      if (method !== undefined) attributes[ATTR_METHOD] = method;
      const series = await store.findSeries({ metric: HTTP_SERVER_DURATION, service, attributes });
      // A step's statistics only tell series apart by unit and by error status (see tallyRequests), so each such
      // group is read merged per step: one histogram per group and step rather than one per series and step.
      const groups = [...groupBy(series, (s) => `${msPerUnit(s.unit)} ${isServerError(s.attributes)}`).values()];
      const perGroup =
        groups.length === 0
          ? []
          : await store.readGroupSteps({ groups: groups.map((g) => g.map((s) => s.id)), fromMs, toMs, stepMs });
      const items = groups.flatMap((g, i) =>
        (perGroup[i] ?? []).map((aggregate) => ({ series: g[0] as SeriesRef, aggregate })),
      );
      const apdexThresholdMs = apdexThresholdMsFor(service);
      return { stepMs, points: buildTimeseries(items, { metric, quantile, fromMs, toMs, stepMs, apdexThresholdMs }) };
    },
  };
}
