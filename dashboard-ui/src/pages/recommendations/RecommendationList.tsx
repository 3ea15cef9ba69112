import { Link } from 'react-router';
import { useGet } from '../../api/use-query.js';
import { type Column, DataTable } from '../../components/DataTable.js';
import { Kpi, KpiStrip } from '../../components/Kpi.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Panel } from '../../components/Panel.js';
import { formatAgo, formatCount, formatDateTime, formatMs } from '../../lib/format.js';
import { routePath, servicePath } from '../../lib/links.js';
import { useRangeQuery, useTime } from '../../state/time-context.js';
import { formatSort, parseSort, toggleSort } from '../../state/url-state.js';
import { useLinkTo, useUrlParams } from '../../state/use-url-params.js';
import { KindLabel, PriorityBadge, StatusBadge } from './badges.js';
import { RunAnalysis } from './RunAnalysis.js';
import {
  applyRouteFilter,
  filtersPatch,
  hasFilters,
  listQuery,
  NO_FILTERS,
  type RecommendationFilters,
  readFilters,
} from './recommendation-filters.js';
import {
  KIND_LABELS,
  RECOMMENDATION_KINDS,
  RECOMMENDATION_STATUSES,
  type Recommendation,
  STATUS_INFO,
  splitRoute,
} from './recommendation-types.js';

export const recommendationPath = (id: string) => `/recommendations/${encodeURIComponent(id)}`;

const SORT_KEYS = [
  'priority',
  'kind',
  'service',
  'route',
  'title',
  'msSavedPerRequest',
  'msSavedPerMinute',
  'status',
  'lastSeen',
] as const;
type SortKey = (typeof SORT_KEYS)[number];
const DEFAULT_SORT = { key: 'priority', dir: 'desc' } as const;

/** Fixing these saves time; validated, resolved and dismissed ones are settled. */
const ACTIVE = new Set<Recommendation['status']>(['open', 'accepted', 'applied']);

function FilterBar({
  filters,
  services,
  onChange,
}: {
  filters: RecommendationFilters;
  services: readonly string[];
  onChange: (patch: Partial<RecommendationFilters>) => void;
}) {
  return (
    <section className="filter-bar" aria-label="Filters">
      <label className="field--inline">
        <span className="field-label">Service</span>
        <select
          className="select"
          value={filters.service ?? ''}
          onChange={(e) => onChange({ service: e.target.value || null })}
        >
          <option value="">All services</option>
          {services.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label className="field--inline">
        <span className="field-label">Status</span>
        <select
          className="select"
          value={filters.status ?? ''}
          onChange={(e) => onChange({ status: readFilters(new URLSearchParams({ status: e.target.value })).status })}
        >
          <option value="">All statuses</option>
          {RECOMMENDATION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_INFO[s].label}
            </option>
          ))}
        </select>
      </label>
      <label className="field--inline">
        <span className="field-label">Kind</span>
        <select
          className="select"
          value={filters.kind ?? ''}
          onChange={(e) => onChange({ kind: readFilters(new URLSearchParams({ kind: e.target.value })).kind })}
        >
          <option value="">All kinds</option>
          {RECOMMENDATION_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      {filters.route !== null && (
        <span className="filter-chip">
          Route <span className="mono">{filters.route}</span>
          <button
            type="button"
            className="filter-chip-remove"
            aria-label={`Remove the route filter ${filters.route}`}
            onClick={() => onChange({ route: null })}
          >
            ×
          </button>
        </span>
      )}
      {hasFilters(filters) && (
        <button type="button" className="link-button" onClick={() => onChange(NO_FILTERS)}>
          Clear filters
        </button>
      )}
    </section>
  );
}

/** The ranked list: highest ms saved per minute first, filtered by the URL. */
export function RecommendationList() {
  const range = useRangeQuery();
  const { nowMs, refreshNow } = useTime();
  const linkTo = useLinkTo();
  const [params, update] = useUrlParams({ sort: formatSort(DEFAULT_SORT) });
  const filters = readFilters(params);
  const sort = parseSort<SortKey>(params.get('sort'), SORT_KEYS, DEFAULT_SORT);
  const query = useGet('/api/v1/recommendations', { query: listQuery(filters) });
  const servicesQuery = useGet('/api/v1/services', { query: range });
  const reported = servicesQuery.data?.services.map((s) => s.name) ?? [];
  const serviceOptions = [...new Set([...reported, ...(filters.service ? [filters.service] : [])])].sort();
  const rows = applyRouteFilter(query.data?.recommendations ?? [], filters);
  const active = rows.filter((r) => ACTIVE.has(r.status));
  const savingPerMinute = active.reduce((sum, r) => sum + r.impact.msSavedPerMinute, 0);
  const improved = rows.filter((r) => r.validation?.verdict === 'improved').length;

  const columns: Column<Recommendation, SortKey>[] = [
    {
      key: 'priority',
      label: 'Priority',
      value: (r) => r.priority,
      render: (r) => <PriorityBadge label={r.priorityLabel} priority={r.priority} />,
    },
    {
      key: 'title',
      label: 'Recommendation',
      initialDir: 'asc',
      value: (r) => r.title,
      render: (r) => (
        <Link to={linkTo(recommendationPath(r.id))} className="cell-main rec-title">
          {r.title}
        </Link>
      ),
      className: 'rec-title-cell',
    },
    {
      key: 'kind',
      label: 'Kind',
      initialDir: 'asc',
      value: (r) => KIND_LABELS[r.kind] ?? r.kind,
      render: (r) => <KindLabel kind={r.kind} />,
    },
    {
      key: 'service',
      label: 'Service',
      initialDir: 'asc',
      value: (r) => r.service,
      render: (r) => <Link to={linkTo(servicePath(r.service))}>{r.service}</Link>,
    },
    {
      key: 'route',
      label: 'Route',
      initialDir: 'asc',
      value: (r) => r.route,
      render: (r) => {
        const parts = splitRoute(r.route);
        if (parts === null) return <span className="text-muted">{r.route ?? 'service-wide'}</span>;
        return (
          <Link to={linkTo(routePath(r.service, parts.method, parts.path))} className="route-link">
            <span className="method">{parts.method}</span> <span className="route-path">{parts.path}</span>
          </Link>
        );
      },
    },
    {
      key: 'msSavedPerRequest',
      label: 'Saves/req',
      numeric: true,
      value: (r) => r.impact.msSavedPerRequest,
      render: (r) => formatMs(r.impact.msSavedPerRequest),
    },
    {
      key: 'msSavedPerMinute',
      label: 'Saves/min',
      numeric: true,
      value: (r) => r.impact.msSavedPerMinute,
      render: (r) => `${formatMs(r.impact.msSavedPerMinute)}/min`,
    },
    {
      key: 'status',
      label: 'Status',
      initialDir: 'asc',
      value: (r) => RECOMMENDATION_STATUSES.indexOf(r.status),
      render: (r) => <StatusBadge status={r.status} />,
    },
    {
      key: 'lastSeen',
      label: 'Last seen',
      numeric: true,
      value: (r) => r.lastSeen,
      render: (r) =>
        r.lastSeen === undefined ? '–' : <span title={formatDateTime(r.lastSeen)}>{formatAgo(r.lastSeen, nowMs)}</span>,
    },
  ];

  return (
    <>
      <PageHeader
        title="Recommendations"
        meta={<span>Ranked by request time saved per minute; each backed by the evidence that found it</span>}
        actions={<RunAnalysis services={filters.service ? [filters.service] : serviceOptions} onDone={refreshNow} />}
      />
      <KpiStrip label="Recommendation totals">
        <Kpi label="Shown" value={query.data ? formatCount(rows.length) : '…'} />
        <Kpi
          label="High priority, active"
          value={query.data ? formatCount(active.filter((r) => r.priorityLabel === 'high').length) : '…'}
          tone={active.some((r) => r.priorityLabel === 'high') ? 'red' : undefined}
        />
        <Kpi
          label="Time to save, active"
          value={query.data ? `${formatMs(savingPerMinute)}/min` : '…'}
          hint="Sum over open, accepted and applied recommendations of ms saved per minute"
        />
        <Kpi
          label="Validated improvements"
          value={query.data ? formatCount(improved) : '…'}
          tone={improved > 0 ? 'green' : undefined}
        />
      </KpiStrip>
      <FilterBar
        filters={filters}
        services={serviceOptions}
        onChange={(patch) => update(filtersPatch(patch), { replace: true })}
      />
      <Panel
        title="Ranked recommendations"
        subtitle="Priority = affected requests per minute × ms saved on each; high ≥ 6 s/min, medium ≥ 600 ms/min"
        query={query}
        className="panel--flush"
      >
        {() => (
          <DataTable<Recommendation, SortKey>
            caption="Recommendations"
            rows={rows}
            columns={columns}
            rowKey={(r) => r.id}
            sort={sort}
            onSort={(key) => {
              const column = columns.find((c) => c.key === key);
              update({ sort: formatSort(toggleSort(sort, key, column?.initialDir ?? 'desc')) });
            }}
            emptyText={
              hasFilters(filters)
                ? 'No recommendation matches these filters'
                : 'No recommendations yet: the analysis runs every 5 minutes (editors can run it now)'
            }
          />
        )}
      </Panel>
    </>
  );
}
