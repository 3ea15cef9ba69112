import type { RuntimeSeries } from '../../api/types.js';
import { useGet } from '../../api/use-query.js';
import { type ChartSeries, TimeSeriesChart } from '../../charts/TimeSeriesChart.js';
import { Panel } from '../../components/Panel.js';
import type { Unit } from '../../lib/format.js';
import { useRangeQuery, useTime } from '../../state/time-context.js';

interface RuntimeView {
  title: string;
  subtitle: string;
  unit: Unit;
  series: { name: keyof RuntimeSeries; label: string; color?: string }[];
}

/** Which runtime series the panels draw, keyed by the response's field names. */
const VIEWS: RuntimeView[] = [
  {
    title: 'Event-loop delay',
    subtitle: 'Worst p99 per step, ms',
    unit: 'ms',
    series: [{ name: 'eventLoopDelayP99Ms', label: 'p99 delay' }],
  },
  {
    title: 'Heap',
    subtitle: 'V8 heap used and process RSS',
    unit: 'bytes',
    series: [
      { name: 'heapUsedBytes', label: 'Heap used' },
      { name: 'rssBytes', label: 'RSS', color: 'var(--series-7)' },
    ],
  },
  {
    title: 'CPU and event-loop utilisation',
    subtitle: 'Share of one core; share of time the loop was busy',
    unit: 'percent',
    series: [
      { name: 'cpuUtilization', label: 'CPU' },
      { name: 'eventLoopUtilization', label: 'Event loop', color: 'var(--series-2)' },
    ],
  },
  {
    title: 'Garbage collection',
    subtitle: 'GC pause time per second of wall time',
    unit: 'msPerSecond',
    series: [{ name: 'gcTimeMsPerSecond', label: 'GC', color: 'var(--series-4)' }],
  },
];

export function RuntimePanels({ service }: { service: string }) {
  const range = useRangeQuery();
  const { fromMs, toMs } = useTime();
  const query = useGet('/api/v1/services/{service}/runtime', { path: { service }, query: range });
  return (
    <div className="grid">
      {VIEWS.map((view) => {
        const toSeries = (series: RuntimeSeries): ChartSeries[] =>
          view.series.map((s) => ({
            key: s.name,
            label: s.label,
            points: series[s.name],
            ...(s.color ? { color: s.color } : {}),
          }));
        return (
          <Panel
            key={view.title}
            title={view.title}
            subtitle={view.subtitle}
            query={query}
            isEmpty={(d) => toSeries(d.series).every((s) => s.points.every((p) => p.v === null))}
            emptyText="No runtime metrics in this range"
          >
            {(d) => (
              <TimeSeriesChart
                series={toSeries(d.series)}
                unit={view.unit}
                fromMs={fromMs}
                toMs={toMs}
                height={180}
                label={`${view.title} of ${service}`}
              />
            )}
          </Panel>
        );
      })}
    </div>
  );
}
