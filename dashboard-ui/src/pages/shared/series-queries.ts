import { getTyped } from '../../api/client.js';
import { type QueryState, useQuery } from '../../api/use-query.js';
import { percentileStyle } from '../../charts/series-style.js';
import type { ChartSeries } from '../../charts/TimeSeriesChart.js';
import { useRangeQuery } from '../../state/time-context.js';

export interface SeriesFilter {
  service: string;
  route?: string;
  method?: string;
}

const QUANTILES = [
  { key: 'p50', quantile: 0.5 },
  { key: 'p95', quantile: 0.95 },
  { key: 'p99', quantile: 0.99 },
] as const;

/** p50, p95 and p99 latency over the window, one request each, as chart series styled to stay apart when equal. */
export function useLatencySeries(filter: SeriesFilter): QueryState<ChartSeries[]> {
  const range = useRangeQuery();
  const key = JSON.stringify(['latency', filter, range]);
  return useQuery(
    key,
    (api, signal) =>
      Promise.all(
        QUANTILES.map(async ({ key: label, quantile }) => {
          const { points } = await getTyped(
            api,
            '/api/v1/timeseries',
            { query: { ...filter, metric: 'latency', quantile, ...range } },
            signal,
          );
          return { key: label, label, points, style: percentileStyle(label) };
        }),
      ),
    JSON.stringify(['latency', filter]),
  );
}

/** One request statistic over the window as a single chart series. */
export function useMetricSeries(
  filter: SeriesFilter,
  metric: 'rate' | 'errors' | 'apdex',
  label: string,
): QueryState<ChartSeries[]> {
  const range = useRangeQuery();
  return useQuery(
    JSON.stringify([metric, filter, range]),
    async (api, signal) => {
      const { points } = await getTyped(api, '/api/v1/timeseries', { query: { ...filter, metric, ...range } }, signal);
      return [{ key: metric, label, points }];
    },
    JSON.stringify([metric, filter]),
  );
}

/** True when no series has a single non-null value: the panel shows its empty state. */
export const seriesEmpty = (series: readonly ChartSeries[]) =>
  series.every((s) => s.points.every((p) => p.v === null || (s.key === 'rate' && p.v === 0)));
