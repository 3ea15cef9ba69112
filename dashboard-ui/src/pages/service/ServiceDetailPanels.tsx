import { Link } from 'react-router';
import type { CacheStats, DbStatement, Dependency } from '../../api/types.js';
import { useGet } from '../../api/use-query.js';
import { DataTable } from '../../components/DataTable.js';
import { Panel } from '../../components/Panel.js';
import { formatCount, formatMs, formatPercent } from '../../lib/format.js';
import { useRangeQuery, useTime } from '../../state/time-context.js';
import { useLinkTo } from '../../state/use-url-params.js';
import { PoolChart } from '../shared/PoolChart.js';

/** The statements that cost this service the most database time; the Database page has the full list. */
export function TopStatementsPanel({ service, limit = 8 }: { service: string; limit?: number }) {
  const range = useRangeQuery();
  const linkTo = useLinkTo();
  const query = useGet('/api/v1/services/{service}/db/statements', { path: { service }, query: { ...range, limit } });
  return (
    <Panel
      title="Database statements"
      subtitle="By total time in the window"
      query={query}
      isEmpty={(d) => d.statements.length === 0}
      emptyText="No database calls recorded"
      className="panel--flush"
      actions={<Link to={linkTo('/database', { service })}>All statements</Link>}
    >
      {(d) => (
        <DataTable<DbStatement, 'statement' | 'calls' | 'p95Ms' | 'totalTimeMs'>
          caption={`Database statements of ${service}`}
          rows={d.statements}
          rowKey={(s) => s.statement}
          columns={[
            {
              key: 'statement',
              label: 'Statement',
              className: 'statement-cell',
              value: (s) => s.statement,
              render: (s) => (
                <span className="statement" title={s.statement}>
                  {s.statement}
                </span>
              ),
            },
            { key: 'calls', label: 'Calls', numeric: true, value: (s) => s.calls, render: (s) => formatCount(s.calls) },
            { key: 'p95Ms', label: 'p95', numeric: true, value: (s) => s.p95Ms, render: (s) => formatMs(s.p95Ms) },
            {
              key: 'totalTimeMs',
              label: 'Total',
              numeric: true,
              value: (s) => s.totalTimeMs,
              render: (s) => formatMs(s.totalTimeMs),
            },
          ]}
        />
      )}
    </Panel>
  );
}

type CacheOperation = CacheStats['operations'][number];

export function CachePanel({ service }: { service: string }) {
  const range = useRangeQuery();
  const query = useGet('/api/v1/services/{service}/cache', { path: { service }, query: range });
  return (
    <Panel
      title="Cache hit ratio"
      subtitle="Hits / lookups, overall and per operation"
      query={query}
      isEmpty={(d) => d.lookups === 0}
      emptyText="No cache lookups recorded"
    >
      {(d) => (
        <div className="cache">
          <div className="cache-headline">
            <span className="kpi-value">{formatPercent(d.hitRatio)}</span>
            <span className="text-muted">
              {formatCount(d.hits)} hits · {formatCount(d.misses)} misses
            </span>
          </div>
          {/* Decorative: the ratio is in the text above. */}
          <div className="meter" aria-hidden="true">
            <div className="meter-fill" style={{ width: `${(d.hitRatio ?? 0) * 100}%` }} />
          </div>
          <DataTable<CacheOperation, 'operation' | 'lookups' | 'hitRatio'>
            caption={`Cache operations of ${service}`}
            rows={d.operations}
            rowKey={(o) => `${o.system}:${o.operation}`}
            columns={[
              {
                key: 'operation',
                label: 'Operation',
                value: (o) => o.operation,
                render: (o) => (
                  <>
                    <span className="method">{o.operation ?? '–'}</span>
                    <span className="text-muted">{o.system}</span>
                  </>
                ),
              },
              {
                key: 'lookups',
                label: 'Lookups',
                numeric: true,
                value: (o) => o.lookups,
                render: (o) => formatCount(o.lookups),
              },
              {
                key: 'hitRatio',
                label: 'Hit ratio',
                numeric: true,
                value: (o) => o.hitRatio,
                render: (o) => formatPercent(o.hitRatio),
              },
            ]}
          />
        </div>
      )}
    </Panel>
  );
}

export function DependenciesPanel({ service }: { service: string }) {
  const range = useRangeQuery();
  const query = useGet('/api/v1/services/{service}/dependencies', { path: { service }, query: range });
  return (
    <Panel
      title="Outbound dependencies"
      subtitle="HTTP calls by host"
      query={query}
      isEmpty={(d) => d.dependencies.length === 0}
      emptyText="No outbound HTTP calls recorded"
      className="panel--flush"
    >
      {(d) => (
        <DataTable<Dependency, 'host' | 'calls' | 'errorRate' | 'p95Ms' | 'totalTimeMs' | 'socketReuseRatio'>
          caption={`Outbound dependencies of ${service}`}
          rows={d.dependencies}
          rowKey={(x) => x.host}
          columns={[
            { key: 'host', label: 'Host', value: (x) => x.host, render: (x) => <span className="mono">{x.host}</span> },
            { key: 'calls', label: 'Calls', numeric: true, value: (x) => x.calls, render: (x) => formatCount(x.calls) },
            {
              key: 'errorRate',
              label: 'Errors',
              numeric: true,
              value: (x) => x.errorRate,
              render: (x) => formatPercent(x.errorRate),
            },
            { key: 'p95Ms', label: 'p95', numeric: true, value: (x) => x.p95Ms, render: (x) => formatMs(x.p95Ms) },
            {
              key: 'totalTimeMs',
              label: 'Total',
              numeric: true,
              value: (x) => x.totalTimeMs,
              render: (x) => formatMs(x.totalTimeMs),
            },
            {
              key: 'socketReuseRatio',
              label: 'Keep-alive',
              numeric: true,
              value: (x) => x.socketReuseRatio,
              render: (x) => formatPercent(x.socketReuseRatio),
            },
          ]}
        />
      )}
    </Panel>
  );
}

export function PoolPanel({ service }: { service: string }) {
  const range = useRangeQuery();
  const { fromMs, toMs } = useTime();
  const query = useGet('/api/v1/services/{service}/pool', { path: { service }, query: range });
  return (
    <Panel
      title="Connection pools"
      subtitle="Connections in use, idle and requests waiting"
      query={query}
      isEmpty={(d) => d.pools.length === 0}
      emptyText="No connection pool metrics in this range"
    >
      {(d) =>
        d.pools.map((pool) => <PoolChart key={pool.pool} pool={pool} service={service} fromMs={fromMs} toMs={toMs} />)
      }
    </Panel>
  );
}
