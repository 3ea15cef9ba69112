import { getTyped } from '../../api/client.js';
import type { DbStatement, PoolSaturation } from '../../api/types.js';
import { useGet, useQuery } from '../../api/use-query.js';
import { BarList } from '../../components/BarList.js';
import { type Column, DataTable } from '../../components/DataTable.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Panel } from '../../components/Panel.js';
import { formatCount, formatMs } from '../../lib/format.js';
import { matchesFilter } from '../../lib/sort-rows.js';
import { useRangeQuery, useTime } from '../../state/time-context.js';
import { formatSort, parseSort, toggleSort } from '../../state/url-state.js';
import { useUrlParams } from '../../state/use-url-params.js';
import { PoolChart } from '../shared/PoolChart.js';

export interface ServiceStatement extends DbStatement {
  service: string;
}
interface ServicePool extends PoolSaturation {
  service: string;
}

const SORT_KEYS = ['statement', 'service', 'calls', 'meanMs', 'p95Ms', 'totalTimeMs', 'meanRows', 'errors'] as const;
type SortKey = (typeof SORT_KEYS)[number];
const DEFAULT_SORT = { key: 'totalTimeMs', dir: 'desc' } as const;

/** Statements and pools of the chosen service, or of every service (one request per service, in parallel). */
function useDatabase(services: string[] | undefined) {
  const range = useRangeQuery();
  return useQuery(
    services === undefined ? null : JSON.stringify(['database', services, range]),
    async (api, signal) => {
      const perService = await Promise.all(
        (services ?? []).map(async (service) => {
          const [statements, pools] = await Promise.all([
            getTyped(
              api,
              '/api/v1/services/{service}/db/statements',
              { path: { service }, query: { ...range, limit: 200 } },
              signal,
            ),
            getTyped(api, '/api/v1/services/{service}/pool', { path: { service }, query: range }, signal),
          ]);
          return {
            statements: statements.statements.map((s) => ({ ...s, service })),
            pools: pools.pools.map((p) => ({ ...p, service })),
          };
        }),
      );
      return {
        statements: perService.flatMap((s) => s.statements) as ServiceStatement[],
        pools: perService.flatMap((s) => s.pools) as ServicePool[],
      };
    },
    JSON.stringify(['database', services]),
  );
}

export default function DatabasePage() {
  const range = useRangeQuery();
  const { fromMs, toMs } = useTime();
  const [params, update] = useUrlParams({ sort: formatSort(DEFAULT_SORT) });
  const service = params.get('service') ?? '';
  const filter = params.get('q') ?? '';
  const sort = parseSort<SortKey>(params.get('sort'), SORT_KEYS, DEFAULT_SORT);
  const servicesQuery = useGet('/api/v1/services', { query: range });
  const names = servicesQuery.data?.services.map((s) => s.name);
  const chosen = names === undefined ? undefined : service === '' ? names : [service];
  const query = useDatabase(chosen);
  const statements = (query.data?.statements ?? []).filter((s) => matchesFilter(`${s.statement} ${s.service}`, filter));
  const slowest = [...statements]
    .filter((s) => s.p95Ms !== null)
    .sort((a, b) => (b.p95Ms ?? 0) - (a.p95Ms ?? 0))
    .slice(0, 10);

  const columns: Column<ServiceStatement, SortKey>[] = [
    {
      key: 'statement',
      label: 'Statement',
      className: 'statement-cell',
      initialDir: 'asc',
      value: (s) => s.statement,
      render: (s) => (
        <span className="statement" title={s.statement}>
          {s.statement}
        </span>
      ),
    },
    { key: 'service', label: 'Service', initialDir: 'asc', value: (s) => s.service },
    { key: 'calls', label: 'Calls', numeric: true, value: (s) => s.calls, render: (s) => formatCount(s.calls) },
    { key: 'meanMs', label: 'Mean', numeric: true, value: (s) => s.meanMs, render: (s) => formatMs(s.meanMs) },
    { key: 'p95Ms', label: 'p95', numeric: true, value: (s) => s.p95Ms, render: (s) => formatMs(s.p95Ms) },
    {
      key: 'totalTimeMs',
      label: 'Total time',
      numeric: true,
      value: (s) => s.totalTimeMs,
      render: (s) => formatMs(s.totalTimeMs),
    },
    {
      key: 'meanRows',
      label: 'Rows',
      numeric: true,
      value: (s) => s.meanRows,
      render: (s) => (s.meanRows === null ? '–' : formatCount(s.meanRows)),
    },
    {
      key: 'errors',
      label: 'Errors',
      numeric: true,
      value: (s) => s.errors,
      render: (s) => <span className={s.errors > 0 ? 'text-red' : undefined}>{formatCount(s.errors)}</span>,
    },
  ];

  return (
    <>
      <PageHeader
        title="Database"
        meta={<span>Statements by normalized text (literals replaced), connection pools</span>}
        actions={
          <>
            <select
              className="select"
              aria-label="Service"
              value={service}
              onChange={(e) => update({ service: e.target.value })}
            >
              <option value="">All services</option>
              {(names ?? []).map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
            <input
              className="input"
              type="search"
              placeholder="Filter statements"
              aria-label="Filter statements"
              value={filter}
              onChange={(e) => update({ q: e.target.value }, { replace: true })}
              style={{ width: 220 }}
            />
          </>
        }
      />
      <Panel
        title="Statements by total time"
        subtitle="Where the database time goes: calls × duration"
        query={query}
        isEmpty={(d) => d.statements.length === 0}
        emptyText="No database calls recorded in this range"
        className="panel--flush"
      >
        {() => (
          <DataTable
            caption="Database statements"
            rows={statements}
            columns={columns}
            rowKey={(s) => `${s.service}:${s.statement}`}
            sort={sort}
            onSort={(key) =>
              update({
                sort: formatSort(toggleSort(sort, key, columns.find((c) => c.key === key)?.initialDir ?? 'desc')),
              })
            }
            emptyText={`No statement matches “${filter}”`}
          />
        )}
      </Panel>
      <div className="grid">
        <Panel
          title="Slow statements"
          subtitle="Highest p95 duration; hover for the full statement"
          query={query}
          isEmpty={() => slowest.length === 0}
          emptyText="No statements"
        >
          {() => (
            <BarList
              label="Slowest statements by p95"
              items={slowest.map((st) => ({
                key: `${st.service}:${st.statement}`,
                label: st.statement,
                title: `${st.statement}\n${st.service}: ${formatCount(st.calls)} calls, p50 ${formatMs(st.p50Ms)}`,
                value: st.p95Ms ?? 0,
                valueText: formatMs(st.p95Ms),
              }))}
            />
          )}
        </Panel>
        <Panel
          title="Connection pool saturation"
          subtitle="Connections in use, idle and requests waiting, per pool"
          query={query}
          isEmpty={(d) => d.pools.length === 0}
          emptyText="No connection pool metrics in this range"
        >
          {(d) =>
            d.pools.map((pool) => (
              <PoolChart
                key={`${pool.service}:${pool.pool}`}
                pool={pool}
                service={pool.service}
                fromMs={fromMs}
                toMs={toMs}
              />
            ))
          }
        </Panel>
      </div>
    </>
  );
}
