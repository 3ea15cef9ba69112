import { Link } from 'react-router';
import type { RouteSummary } from '../../api/types.js';
import { useGet } from '../../api/use-query.js';
import { type Column, DataTable } from '../../components/DataTable.js';
import { HealthDot } from '../../components/HealthBadge.js';
import { Panel } from '../../components/Panel.js';
import { formatApdex, formatCount, formatMs, formatPercent, formatRate } from '../../lib/format.js';
import { healthOf } from '../../lib/health.js';
import { routePath } from '../../lib/links.js';
import { matchesFilter } from '../../lib/sort-rows.js';
import { useRangeQuery } from '../../state/time-context.js';
import { formatSort, parseSort, toggleSort } from '../../state/url-state.js';
import { useLinkTo, useUrlParams } from '../../state/use-url-params.js';

const SORT_KEYS = ['route', 'requests', 'requestRate', 'errorRate', 'p50Ms', 'p95Ms', 'p99Ms', 'apdex'] as const;
type SortKey = (typeof SORT_KEYS)[number];
const DEFAULT_SORT = { key: 'requests', dir: 'desc' } as const;

const routeLabel = (r: RouteSummary) => `${r.method ?? ''} ${r.route ?? '(unmatched)'}`.trim();

/** Every route of a service: sortable (`sort`) and filterable (`q`) through the URL. */
export function RoutesPanel({ service }: { service: string }) {
  const range = useRangeQuery();
  const linkTo = useLinkTo();
  const [params, update] = useUrlParams({ sort: formatSort(DEFAULT_SORT) });
  const sort = parseSort<SortKey>(params.get('sort'), SORT_KEYS, DEFAULT_SORT);
  const filter = params.get('q') ?? '';
  const query = useGet('/api/v1/services/{service}/routes', { path: { service }, query: range });

  const columns: Column<RouteSummary, SortKey>[] = [
    {
      key: 'route',
      label: 'Route',
      initialDir: 'asc',
      value: routeLabel,
      render: (r) => (
        <span className="service-cell">
          <HealthDot health={healthOf(r)} />
          {r.route !== null && r.method !== null ? (
            <Link to={linkTo(routePath(service, r.method, r.route))}>
              <span className="method">{r.method}</span>
              {r.route}
            </Link>
          ) : (
            <span className="text-muted">{routeLabel(r)}</span>
          )}
        </span>
      ),
    },
    {
      key: 'requests',
      label: 'Requests',
      numeric: true,
      value: (r) => r.requests,
      render: (r) => formatCount(r.requests),
    },
    {
      key: 'requestRate',
      label: 'Rate',
      numeric: true,
      value: (r) => r.requestRate,
      render: (r) => formatRate(r.requestRate),
    },
    {
      key: 'errorRate',
      label: 'Errors',
      numeric: true,
      value: (r) => r.errorRate,
      render: (r) => formatPercent(r.errorRate),
    },
    { key: 'p50Ms', label: 'p50', numeric: true, value: (r) => r.p50Ms, render: (r) => formatMs(r.p50Ms) },
    { key: 'p95Ms', label: 'p95', numeric: true, value: (r) => r.p95Ms, render: (r) => formatMs(r.p95Ms) },
    { key: 'p99Ms', label: 'p99', numeric: true, value: (r) => r.p99Ms, render: (r) => formatMs(r.p99Ms) },
    {
      key: 'apdex',
      label: 'Apdex',
      numeric: true,
      initialDir: 'asc',
      value: (r) => r.apdex,
      render: (r) => formatApdex(r.apdex),
    },
  ];

  return (
    <Panel
      title="Routes"
      subtitle="Per method and route template"
      query={query}
      isEmpty={(d) => d.routes.length === 0}
      className="panel--flush"
      actions={
        <div className="table-toolbar">
          <input
            className="input"
            type="search"
            placeholder="Filter routes"
            aria-label="Filter routes"
            value={filter}
            onChange={(e) => update({ q: e.target.value }, { replace: true })}
          />
        </div>
      }
    >
      {(d) => (
        <DataTable
          caption={`Routes of ${service}`}
          rows={d.routes.filter((r) => matchesFilter(routeLabel(r), filter))}
          columns={columns}
          rowKey={routeLabel}
          sort={sort}
          onSort={(key) =>
            update({
              sort: formatSort(toggleSort(sort, key, columns.find((c) => c.key === key)?.initialDir ?? 'desc')),
            })
          }
          emptyText={`No route matches “${filter}”`}
        />
      )}
    </Panel>
  );
}
