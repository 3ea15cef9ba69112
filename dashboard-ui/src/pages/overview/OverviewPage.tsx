import { Link } from 'react-router';
import type { ServiceSummary } from '../../api/types.js';
import { useGet } from '../../api/use-query.js';
import { type Column, DataTable } from '../../components/DataTable.js';
import { HealthDot } from '../../components/HealthBadge.js';
import { Kpi, KpiStrip } from '../../components/Kpi.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Panel } from '../../components/Panel.js';
import { Sparkline } from '../../components/Sparkline.js';
import { formatApdex, formatMs, formatPercent, formatRate } from '../../lib/format.js';
import { compareByAttention, healthOf } from '../../lib/health.js';
import { servicePath } from '../../lib/links.js';
import { useRangeQuery } from '../../state/time-context.js';
import { formatSort, parseSort, toggleSort } from '../../state/url-state.js';
import { useLinkTo, useUrlParams } from '../../state/use-url-params.js';
import { overviewTotals } from './overview-totals.js';

const SORT_KEYS = ['attention', 'name', 'requestRate', 'errorRate', 'p95Ms', 'apdex'] as const;
type SortKey = (typeof SORT_KEYS)[number];
const DEFAULT_SORT = { key: 'attention', dir: 'asc' } as const;

function P95Sparkline({ service }: { service: string }) {
  const range = useRangeQuery();
  const { data } = useGet('/api/v1/timeseries', { query: { service, metric: 'latency', quantile: 0.95, ...range } });
  const points = data?.points ?? [];
  const last = [...points].reverse().find((p) => p.v !== null)?.v ?? null;
  return <Sparkline points={points} label={`p95 latency trend of ${service}, latest ${formatMs(last)}`} />;
}

export default function OverviewPage() {
  const range = useRangeQuery();
  const linkTo = useLinkTo();
  const [params, update] = useUrlParams({ sort: formatSort(DEFAULT_SORT) });
  const sort = parseSort<SortKey>(params.get('sort'), SORT_KEYS, DEFAULT_SORT);
  const query = useGet('/api/v1/services', { query: range });
  const services = query.data?.services ?? [];
  const totals = overviewTotals(services);

  // "attention" is a rank, not a column value: the table gets each row's position in attention order.
  const attentionRank = new Map([...services].sort((a, b) => compareByAttention(a, b)).map((s, i) => [s.name, i]));
  const columns: Column<ServiceSummary, SortKey>[] = [
    {
      key: 'attention',
      label: 'Health',
      initialDir: 'asc',
      value: (s) => attentionRank.get(s.name) ?? 0,
      render: (s) => <HealthDot health={healthOf(s)} />,
    },
    {
      key: 'name',
      label: 'Service',
      initialDir: 'asc',
      value: (s) => s.name,
      render: (s) => (
        <Link to={linkTo(servicePath(s.name))} className="cell-main">
          {s.name}
        </Link>
      ),
    },
    {
      key: 'requestRate',
      label: 'Requests',
      numeric: true,
      value: (s) => s.requestRate,
      render: (s) => formatRate(s.requestRate),
    },
    {
      key: 'errorRate',
      label: 'Error rate',
      numeric: true,
      value: (s) => s.errorRate,
      render: (s) => (
        <span className={(s.errorRate ?? 0) > 0.05 ? 'text-red' : (s.errorRate ?? 0) > 0.01 ? 'text-amber' : undefined}>
          {formatPercent(s.errorRate)}
        </span>
      ),
    },
    { key: 'p95Ms', label: 'p95', numeric: true, value: (s) => s.p95Ms, render: (s) => formatMs(s.p95Ms) },
    {
      key: 'apdex',
      label: 'Apdex',
      numeric: true,
      initialDir: 'asc',
      value: (s) => s.apdex,
      render: (s) => formatApdex(s.apdex),
    },
  ];
  const trend: Column<ServiceSummary, 'trend'> = {
    key: 'trend',
    label: 'p95 trend',
    sortable: false,
    value: () => null,
    render: (s) => <P95Sparkline service={s.name} />,
  };

  return (
    <>
      <PageHeader
        title="Overview"
        meta={
          query.data && (
            <>
              <span>{services.length} services</span>
              <span>{totals.needAttention} need attention</span>
            </>
          )
        }
      />
      <KpiStrip label="Totals">
        <Kpi label="Throughput" value={query.data ? formatRate(totals.requestRate) : '…'} />
        <Kpi
          label="Error rate"
          value={query.data ? formatPercent(totals.errorRate) : '…'}
          tone={(totals.errorRate ?? 0) > 0.05 ? 'red' : (totals.errorRate ?? 0) > 0.01 ? 'amber' : undefined}
        />
        <Kpi
          label="Slowest p95"
          value={query.data ? formatMs(totals.worstP95Ms) : '…'}
          hint={totals.worstP95Service ?? undefined}
        />
        <Kpi
          label="Need attention"
          value={query.data ? String(totals.needAttention) : '…'}
          tone={query.data && totals.worstHealth !== 'unknown' ? totals.worstHealth : undefined}
        />
      </KpiStrip>
      <Panel
        title="Services"
        subtitle="Sorted by what needs attention: red (apdex < 0.7 or errors > 5 %), then amber (< 0.85 or > 1 %)"
        query={query}
        isEmpty={(d) => d.services.length === 0}
        emptyText="No service has reported in this time range. Point an agent at this metrics service, or widen the range."
        className="panel--flush"
      >
        {(d) => (
          <DataTable
            caption="Services"
            rows={d.services}
            columns={[...columns, trend] as Column<ServiceSummary, SortKey | 'trend'>[]}
            rowKey={(s) => s.name}
            sort={sort}
            onSort={(key) => {
              if (key === 'trend') return;
              const column = columns.find((c) => c.key === key);
              update({ sort: formatSort(toggleSort(sort, key, column?.initialDir ?? 'desc')) });
            }}
          />
        )}
      </Panel>
    </>
  );
}
