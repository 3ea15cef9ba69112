import type { Benchmark } from '../../api/types.js';
import { useGet } from '../../api/use-query.js';
import { CategoryBarChart } from '../../charts/BarChartPanel.js';
import { seriesColor } from '../../charts/TimeSeriesChart.js';
import { DataTable } from '../../components/DataTable.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Panel } from '../../components/Panel.js';
import { formatDateTime, formatMs } from '../../lib/format.js';
import { formatList, parseList } from '../../state/url-state.js';
import { useUrlParams } from '../../state/use-url-params.js';
import { ComparisonTable } from './ComparisonTable.js';
import { BENCHMARK_METRICS, type BenchmarkMetric, chartRows } from './compare-benchmarks.js';

const runLabel = (run: Benchmark) => `${run.name} · ${run.profile} · ${formatDateTime(run.startedAt)}`;

export default function BenchmarksPage() {
  const [params, update] = useUrlParams({ metric: 'p95Ms' });
  const selected = parseList(params.get('runs'));
  const metricParam = params.get('metric');
  const metric: BenchmarkMetric = BENCHMARK_METRICS.find((m) => m.key === metricParam)?.key ?? 'p95Ms';
  const metricInfo = BENCHMARK_METRICS.find((m) => m.key === metric)!;
  const query = useGet('/api/v1/benchmarks', { query: { limit: 100 } });
  const all = query.data?.benchmarks ?? [];
  // Selection order is comparison order: the first picked run is the baseline.
  const runs = selected.map((id) => all.find((b) => b.id === id)).filter((b): b is Benchmark => b !== undefined);
  const toggle = (id: string) =>
    update(
      { runs: formatList(selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id]) },
      { replace: true },
    );

  return (
    <>
      <PageHeader title="Benchmarks" meta={<span>Load-runner results; pick two or more runs to compare them</span>} />
      <Panel
        title="Runs"
        subtitle="Newest first; the first run you pick is the baseline"
        query={query}
        isEmpty={(d) => d.benchmarks.length === 0}
        emptyText="No benchmark runs stored yet. Run `npm run load -- --stride <url> --stride-token <token>` to add one."
        className="panel--flush"
      >
        {(d) => (
          <DataTable<Benchmark, 'pick' | 'name' | 'profile' | 'startedAt' | 'durationMs' | 'passed'>
            caption="Benchmark runs"
            rows={d.benchmarks}
            rowKey={(b) => b.id}
            rowClassName={(b) => (selected.includes(b.id) ? 'row--selected' : undefined)}
            columns={[
              {
                key: 'pick',
                label: 'Compare',
                value: (b) => selected.indexOf(b.id),
                render: (b) => (
                  <label className="pick">
                    <input
                      type="checkbox"
                      checked={selected.includes(b.id)}
                      onChange={() => toggle(b.id)}
                      aria-label={`Compare ${runLabel(b)}`}
                    />
                    {selected.includes(b.id) && (
                      <span className="pick-order" style={{ background: seriesColor(selected.indexOf(b.id)) }}>
                        {selected.indexOf(b.id) === 0 ? 'base' : selected.indexOf(b.id) + 1}
                      </span>
                    )}
                  </label>
                ),
              },
              {
                key: 'name',
                label: 'Name',
                value: (b) => b.name,
                render: (b) => <span className="cell-main">{b.name}</span>,
              },
              { key: 'profile', label: 'Profile', value: (b) => b.profile },
              {
                key: 'startedAt',
                label: 'Started',
                value: (b) => b.startedAt,
                render: (b) => formatDateTime(b.startedAt),
              },
              {
                key: 'durationMs',
                label: 'Length',
                numeric: true,
                value: (b) => b.durationMs,
                render: (b) => formatMs(b.durationMs),
              },
              {
                key: 'passed',
                label: 'Thresholds',
                value: (b) => b.passed,
                render: (b) => (
                  <span className={`badge badge--${b.passed ? 'green' : 'red'}`}>{b.passed ? 'Passed' : 'Failed'}</span>
                ),
              },
            ]}
          />
        )}
      </Panel>
      {runs.length >= 2 ? (
        <>
          <Panel
            title="Comparison"
            subtitle={`Changes against ${runLabel(runs[0]!)}; under 2 % counts as unchanged`}
            className="panel--flush"
          >
            <ComparisonTable runs={runs} />
          </Panel>
          <Panel
            title={`${metricInfo.label} by scenario`}
            actions={
              <select
                className="select"
                aria-label="Metric"
                value={metric}
                onChange={(e) => update({ metric: e.target.value })}
              >
                {BENCHMARK_METRICS.map((m) => (
                  <option key={m.key} value={m.key}>
                    {m.label}
                  </option>
                ))}
              </select>
            }
          >
            <CategoryBarChart
              rows={chartRows(runs, metric)}
              series={runs.map((r, i) => ({
                key: r.id,
                label: `${i === 0 ? 'base: ' : ''}${r.name} (${r.profile}, ${formatDateTime(r.startedAt)})`,
              }))}
              unit={metricInfo.unit}
              label={`${metricInfo.label} per scenario for the selected runs`}
            />
          </Panel>
        </>
      ) : (
        query.data && (
          <p className="hint">
            {runs.length === 0 ? 'Select two or more runs above to compare them.' : 'Select one more run to compare.'}
          </p>
        )
      )}
    </>
  );
}
