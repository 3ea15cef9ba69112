import { TimeSeriesChart } from '../../charts/TimeSeriesChart.js';
import { Panel } from '../../components/Panel.js';
import { useTime } from '../../state/time-context.js';
import { type SeriesFilter, seriesEmpty, useLatencySeries, useMetricSeries } from '../shared/series-queries.js';

/** Latency percentiles, throughput, error rate and apdex of a service (or one route of it) over the window. */
export function RequestCharts({
  filter,
  markers,
}: {
  filter: SeriesFilter;
  markers?: { t: number; label: string; kind: string }[];
}) {
  const { fromMs, toMs } = useTime();
  const latency = useLatencySeries(filter);
  const rate = useMetricSeries(filter, 'rate', 'Requests');
  const errors = useMetricSeries(filter, 'errors', 'Error rate');
  const apdex = useMetricSeries(filter, 'apdex', 'Apdex');
  const what = filter.route ? `${filter.method ?? ''} ${filter.route}`.trim() : filter.service;
  return (
    <div className="grid">
      <Panel
        title="Latency"
        subtitle={markers ? 'p50, p95, p99 in ms; dashed lines mark deploys' : 'p50, p95, p99 in ms'}
        query={latency}
        isEmpty={seriesEmpty}
        className="span-2"
      >
        {(series) => (
          <TimeSeriesChart
            series={series}
            unit="ms"
            fromMs={fromMs}
            toMs={toMs}
            height={260}
            {...(markers ? { markers } : {})}
            label={`Latency percentiles of ${what}`}
          />
        )}
      </Panel>
      <Panel title="Throughput" subtitle="Requests per second" query={rate} isEmpty={seriesEmpty}>
        {(series) => (
          <TimeSeriesChart series={series} unit="rps" fromMs={fromMs} toMs={toMs} label={`Throughput of ${what}`} />
        )}
      </Panel>
      <Panel title="Error rate" subtitle="Share of responses with status ≥ 500" query={errors} isEmpty={seriesEmpty}>
        {(series) => (
          <TimeSeriesChart
            series={series.map((s) => ({ ...s, color: 'var(--series-6)' }))}
            unit="percent"
            fromMs={fromMs}
            toMs={toMs}
            label={`Error rate of ${what}`}
          />
        )}
      </Panel>
      <Panel title="Apdex" subtitle="Satisfied + tolerating / 2, 0–1" query={apdex} isEmpty={seriesEmpty}>
        {(series) => (
          <TimeSeriesChart
            series={series.map((s) => ({ ...s, color: 'var(--series-3)' }))}
            unit="apdex"
            fromMs={fromMs}
            toMs={toMs}
            label={`Apdex of ${what}`}
          />
        )}
      </Panel>
    </div>
  );
}
