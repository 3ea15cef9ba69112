import { useEffect, useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useGet, useGetUnchecked } from '../../api/use-query.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Panel } from '../../components/Panel.js';
import { dashboardPath } from '../../lib/links.js';
import { useRangeQuery, useTime } from '../../state/time-context.js';
import { withParams } from '../../state/url-state.js';
import { useLinkTo, useUrlParams } from '../../state/use-url-params.js';
import { DashboardPanelView, type RequestCache } from './DashboardPanelView.js';
import { refreshKeyFor } from './dashboard-engine.js';
import type { DashboardDefinition } from './dashboard-types.js';
import { useVariables, variableParam } from './use-variables.js';

function DashboardList() {
  const linkTo = useLinkTo();
  const query = useGet('/api/v1/dashboards', {});
  return (
    <>
      <PageHeader
        title="Dashboards"
        meta={<span>JSON dashboards: built-in ones and the files in the dashboards directory</span>}
      />
      <Panel
        title="All dashboards"
        subtitle="docs/dashboards.md describes the format"
        query={query}
        isEmpty={(d) => d.dashboards.length === 0}
        emptyText="No dashboards. Add a JSON file to the dashboards directory."
      >
        {(d) => (
          <ul className="dash-list">
            {d.dashboards.map((entry) => (
              <li key={entry.id} className="dash-card">
                {entry.error ? (
                  <span className="cell-main">{entry.title}</span>
                ) : (
                  <Link to={linkTo(dashboardPath(entry.id))} className="cell-main">
                    {entry.title}
                  </Link>
                )}
                <span className={`badge${entry.source === 'user' ? ' badge--amber' : ''}`}>
                  {entry.source === 'builtin' ? 'Built-in' : 'User'}
                </span>
                {entry.description && <p className="text-muted">{entry.description}</p>}
                {entry.error && (
                  <p className="form-error" role="alert">
                    {entry.error}
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
      </Panel>
    </>
  );
}

function DashboardView({ id }: { id: string }) {
  const linkTo = useLinkTo();
  const range = useRangeQuery();
  const { nowMs } = useTime();
  const [params, update] = useUrlParams();
  const [, setSearch] = useSearchParams();
  // Typed by dashboard-types.ts: the OpenAPI document leaves panels and variables open and points at schema.json.
  const query = useGetUnchecked<DashboardDefinition>(`/api/v1/dashboards/${encodeURIComponent(id)}`, {});
  const definition = query.data;

  // The dashboard's own time range and refresh apply when the link did not bring any.
  useEffect(() => {
    if (definition === undefined) return;
    setSearch(
      (prev) => {
        if (prev.has('from') || prev.has('to') || prev.has('refresh')) return prev;
        return withParams(prev, {
          from: definition.time.from,
          to: definition.time.to ?? 'now',
          refresh: refreshKeyFor(definition.refreshSeconds),
        });
      },
      { replace: true },
    );
  }, [definition, setSearch]);

  const variables = useVariables(definition?.variables, params, range);
  const values = variables.data?.values;
  // A fresh cache per refresh and per variable choice: identical requests within one render are sent once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: nowMs and values are what invalidates the cache.
  const cache: RequestCache = useMemo(() => new Map(), [nowMs, values]);

  return (
    <>
      <PageHeader
        title={definition?.title ?? id}
        crumbs={[{ label: 'Dashboards', to: linkTo('/dashboards') }]}
        meta={definition?.description ? <span>{definition.description}</span> : undefined}
        actions={
          definition?.variables?.length ? (
            <div className="variables">
              {definition.variables.map((v) => (
                <label key={v.name} className="field field--inline">
                  {v.label ?? v.name}
                  <select
                    className="select"
                    value={values?.[v.name] ?? ''}
                    disabled={variables.data === undefined}
                    onChange={(e) => update({ [variableParam(v.name)]: e.target.value })}
                  >
                    {(variables.data?.options[v.name] ?? []).map((o) => (
                      <option key={o} value={o}>
                        {o}
                      </option>
                    ))}
                  </select>
                </label>
              ))}
            </div>
          ) : undefined
        }
      />
      {query.error && (
        <Panel title="This dashboard could not be loaded" query={query}>
          {null}
        </Panel>
      )}
      {variables.error && (
        <Panel title="Variables" query={variables}>
          {null}
        </Panel>
      )}
      {definition && values && (
        <div className="dash-grid">
          {definition.panels.map((panel) => (
            <DashboardPanelView key={panel.id} panel={panel} values={values} cache={cache} />
          ))}
        </div>
      )}
    </>
  );
}

export default function DashboardsPage() {
  const id = useParams()['id'];
  return id === undefined ? <DashboardList /> : <DashboardView id={id} />;
}
