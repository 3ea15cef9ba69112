import type { ExponentialHistogram } from '@stride/agent';
import { durationQuantileMs, tallyDurations } from '../query/duration-tally.js';
import { groupBy, quantileMs, type SeriesAggregate, tallyRequests } from '../query/request-stats.js';
import { ATTR_METHOD, ATTR_ROUTE, HTTP_SERVER_DURATION } from '../query/semconv.js';
import { chooseStepMs } from '../query/step.js';
import { ATTR_DB_QUERY, DB_DURATION } from '../query/telemetry-names.js';
import type { SeriesRef, Store } from '../store/store.js';
import type { RouteLatencySeries } from './recommendation.js';
import type { IntervalValue, ValidationSide, ValidationTarget } from './records.js';
import { chartBuckets } from './validation/histogram-buckets.js';

/** The compared interval: validation and regression detection work on 1-minute p50/p95 values. */
export const INTERVAL_MS = 60_000;

export interface Window {
  fromMs: number;
  toMs: number;
  /** Decides which tiers still hold the window (and so the finest step available). */
  nowMs: number;
}

interface Tally {
  count: number;
  histogram: ExponentialHistogram | null;
  msPerUnit: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

/** Requests tally like the query API; statements like the DB view. Apdex plays no part here. */
const tallyOf = (target: ValidationTarget, items: readonly SeriesAggregate[]): Tally => {
  if (target.type === 'statement') {
    const t = tallyDurations(items);
    const q = (p: number) => durationQuantileMs(t, p);
    return { count: t.count, histogram: t.histogram, msPerUnit: t.histogramMsPerUnit, p50Ms: q(0.5), p95Ms: q(0.95) };
  }
  const t = tallyRequests(items, 1);
  const q = (p: number) => quantileMs(t, p);
  return { count: t.requests, histogram: t.histogram, msPerUnit: t.histogramMsPerUnit, p50Ms: q(0.5), p95Ms: q(0.95) };
};

/**
 * `GET /products/:id` → { method: 'GET', route: '/products/:id' }; the Finding route format, where a missing
 * method or route is an empty string on its side of the space.
 */
export function parseRouteKey(key: string): { method: string | null; route: string | null } {
  const space = key.indexOf(' ');
  const method = space < 0 ? '' : key.slice(0, space);
  const route = space < 0 ? key : key.slice(space + 1);
  return { method: method === '' ? null : method, route: route === '' ? null : route };
}

export const routeKey = (method: string | null, route: string | null) => `${method ?? ''} ${route ?? ''}`;

/**
 * Reads per-interval latency values and merged distributions from the metrics Store, for the regression detector
 * (every route of a service) and for validation (one target around a marker).
 */
export function createIntervalReader({
  store,
  maxRoutes = 100,
}: {
  store: Pick<Store, 'findSeries' | 'readSteps' | 'readMerged' | 'tiers'>;
  /** Busiest routes given a latency series per analysis. */
  maxRoutes?: number;
}) {
  async function seriesOf(service: string, target: ValidationTarget): Promise<SeriesRef[]> {
    if (target.type === 'statement') {
      return store.findSeries({ metric: DB_DURATION, service, attributes: { [ATTR_DB_QUERY]: target.statement } });
    }
    const all = await store.findSeries({ metric: HTTP_SERVER_DURATION, service });
    if (target.type === 'service') return all;
    return all.filter(
      (s) =>
        (s.attributes[ATTR_ROUTE] ?? null) === target.route && (s.attributes[ATTR_METHOD] ?? null) === target.method,
    );
  }

  /**
   * Interval values for steps lying wholly inside the window, oldest first; steps without data are left out. Keyed
   * by `METHOD route` when `perRoute`, else all under ''.
   */
  async function intervals(
    target: ValidationTarget,
    series: readonly SeriesRef[],
    { fromMs, toMs, nowMs }: Window,
    perRoute: boolean,
  ): Promise<{ stepMs: number; byKey: Map<string, IntervalValue[]> }> {
    const stepMs = chooseStepMs({ fromMs, toMs, nowMs, tiers: store.tiers, requestedStepMs: INTERVAL_MS });
    const byKey = new Map<string, IntervalValue[]>();
    if (series.length === 0 || toMs <= fromMs) return { stepMs, byKey };
    const byId = new Map(series.map((s) => [s.id, s]));
    const aggregates = await store.readSteps({ seriesIds: series.map((s) => s.id), fromMs, toMs, stepMs });
    const items: SeriesAggregate[] = [];
    for (const aggregate of aggregates) {
      const ref = byId.get(aggregate.seriesId);
      if (ref) items.push({ series: ref, aggregate });
    }
    const keyOf = (s: SeriesRef) => routeKey(s.attributes[ATTR_METHOD] ?? null, s.attributes[ATTR_ROUTE] ?? null);
    for (const [key, ofKey] of groupBy(items, (i) => (perRoute ? keyOf(i.series) : ''))) {
      const values: IntervalValue[] = [];
      const steps = groupBy(ofKey, (i) => String(Math.floor(i.aggregate.startMs / stepMs) * stepMs));
      for (const [start, stepItems] of steps) {
        const t = Number(start);
        if (t < fromMs || t + stepMs > toMs) continue;
        const tally = tallyOf(target, stepItems);
        if (tally.p50Ms === null || tally.p95Ms === null) continue;
        values.push({ t, p50Ms: tally.p50Ms, p95Ms: tally.p95Ms, requests: tally.count });
      }
      byKey.set(
        key,
        values.sort((a, b) => a.t - b.t),
      );
    }
    return { stepMs, byKey };
  }

  return {
    /** Per (method, route) of the service, the busiest `maxRoutes` routes, 1-minute p50/p95 values. */
    async routes(service: string, window: Window): Promise<RouteLatencySeries[]> {
      const series = await seriesOf(service, { type: 'service' });
      const { stepMs, byKey } = await intervals({ type: 'service' }, series, window, true);
      const requests = (values: readonly IntervalValue[]) => values.reduce((n, v) => n + v.requests, 0);
      return [...byKey]
        .sort(([ka, a], [kb, b]) => requests(b) - requests(a) || ka.localeCompare(kb))
        .slice(0, maxRoutes)
        .map(([key, values]) => ({ ...parseRouteKey(key), stepMs, intervals: values }));
    },

    /** One side of a validation: the target's interval values and merged distribution over the window. */
    async side(service: string, target: ValidationTarget, window: Window): Promise<ValidationSide> {
      const series = await seriesOf(service, target);
      const { byKey } = await intervals(target, series, window, false);
      const merged =
        series.length === 0 || window.toMs <= window.fromMs
          ? []
          : await store.readMerged({ seriesIds: series.map((s) => s.id), fromMs: window.fromMs, toMs: window.toMs });
      const byId = new Map(series.map((s) => [s.id, s]));
      const items = merged.flatMap((aggregate) => {
        const ref = byId.get(aggregate.seriesId);
        return ref ? [{ series: ref, aggregate }] : [];
      });
      const tally = tallyOf(target, items);
      return {
        fromMs: window.fromMs,
        toMs: window.toMs,
        intervals: byKey.get('') ?? [],
        histogram: chartBuckets(tally.histogram, tally.msPerUnit),
        count: tally.count,
        p50Ms: tally.p50Ms,
        p95Ms: tally.p95Ms,
      };
    },
  };
}

export type IntervalReader = ReturnType<typeof createIntervalReader>;
