import type { CSSProperties } from 'react';
import { useQuery } from '../../api/use-query.js';
import { CategoryBarChart } from '../../charts/BarChartPanel.js';
import { percentileStyle } from '../../charts/series-style.js';
import { TimeSeriesChart } from '../../charts/TimeSeriesChart.js';
import { Panel } from '../../components/Panel.js';
import { TableScroll } from '../../components/TableScroll.js';
import type { Unit } from '../../lib/format.js';
import { useTime } from '../../state/time-context.js';
import {
  DASHBOARD_UNIT_FORMAT,
  formatCell,
  interpolate,
  type PanelRequest,
  panelRequests,
  readField,
  readPath,
  reduceStat,
  type Values,
} from './dashboard-engine.js';
import type { DashboardPanel, DashboardUnit } from './dashboard-types.js';

/** Chart units for dashboard units; the dashboard's own formatter is used for stats and tables. */
const CHART_UNIT: Record<DashboardUnit, Unit> = {
  ms: 'ms',
  s: 'seconds',
  bytes: 'bytes',
  count: 'count',
  per_second: 'perSecond',
  ratio: 'percent',
  score: 'apdex',
  ms_per_second: 'msPerSecond',
  none: 'none',
};

/** Grid rows are 30 px with 12 px gaps (styles/app.css .dash-grid); the panel header takes about 64 px. */
const ROW_PX = 30;
const GAP_PX = 12;
const HEADER_PX = 64;
function panelBodyHeight(panel: DashboardPanel): number {
  const { h } = panel.gridPos;
  return Math.max(60, h * ROW_PX + (h - 1) * GAP_PX - HEADER_PX - (panel.description ? 18 : 0));
}

/** Shared by all panels of one render: panels asking the same question send one request. */
export type RequestCache = Map<string, Promise<unknown>>;

function PanelContent({
  panel,
  responses,
  values,
}: {
  panel: DashboardPanel;
  responses: Map<string, unknown>;
  values: Values;
}) {
  const { fromMs, toMs } = useTime();
  const unit = panel.unit ?? 'none';
  const range = { from: String(fromMs), to: String(toMs) };
  switch (panel.visualization) {
    case 'stat': {
      const [request] = panelRequests(panel, values, range);
      const value = reduceStat(readPath(responses.get(request!.key), panel.query.value, values), panel.query.reduce);
      return <div className="stat-value">{DASHBOARD_UNIT_FORMAT[unit](value)}</div>;
    }
    case 'timeseries': {
      const series = panel.query.series.map((s, i) => {
        const request = panelRequests({ ...panel, query: { ...panel.query, series: [s] } }, values, range)[0]!;
        const rows = readPath(responses.get(request.key), s.path ?? 'points', values);
        const points = Array.isArray(rows)
          ? rows.map((row) => {
              const t = readField(row, s.x ?? 't');
              const v = readField(row, s.y ?? 'v');
              return { t: Number(t), v: typeof v === 'number' ? v : null };
            })
          : [];
        const label = interpolate(s.label, values);
        // Percentile series (p50/p95/p99) get styles that keep equal ones apart, as on the service pages.
        return { key: `s${i}`, label, points, style: percentileStyle(label) };
      });
      return (
        <TimeSeriesChart
          series={series}
          unit={CHART_UNIT[unit]}
          fromMs={fromMs}
          toMs={toMs}
          height={panelBodyHeight(panel)}
          label={interpolate(panel.title, values)}
        />
      );
    }
    case 'table': {
      const [request] = panelRequests(panel, values, range);
      const rows = readPath(responses.get(request!.key), panel.query.rows, values);
      const list = Array.isArray(rows) ? rows.slice(0, panel.query.limit ?? rows.length) : [];
      return (
        <TableScroll label={interpolate(panel.title, values)} className="dash-table">
          <table className="data-table">
            <caption className="visually-hidden">{interpolate(panel.title, values)}</caption>
            <thead>
              <tr>
                {panel.query.columns.map((c) => (
                  <th key={c.field} scope="col" className={(c.unit ?? unit) === 'none' ? undefined : 'num'}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {list.map((row, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id; the response order is the identity.
                <tr key={i}>
                  {panel.query.columns.map((c) => (
                    <td key={c.field} className={(c.unit ?? unit) === 'none' ? undefined : 'num'}>
                      {formatCell(readField(row, c.field), c.unit ?? unit)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      );
    }
    case 'bar': {
      const [request] = panelRequests(panel, values, range);
      const rows = readPath(responses.get(request!.key), panel.query.rows, values);
      const list = Array.isArray(rows) ? rows.slice(0, panel.query.limit ?? rows.length) : [];
      const categoryIsMs = /Ms$/.test(panel.query.category);
      const data = list.map((row) => {
        const category = readField(row, panel.query.category);
        const value = readField(row, panel.query.value);
        return {
          category: typeof category === 'number' && categoryIsMs ? formatCell(category, 'ms') : String(category ?? '–'),
          value: typeof value === 'number' ? value : null,
        };
      });
      return (
        <CategoryBarChart
          rows={data}
          series={[{ key: 'value', label: panel.query.value }]}
          unit={CHART_UNIT[unit]}
          horizontal
          height={panelBodyHeight(panel)}
          categoryWidth={categoryIsMs ? 90 : 220}
          label={interpolate(panel.title, values)}
        />
      );
    }
  }
}

function isEmpty(
  panel: DashboardPanel,
  responses: Map<string, unknown>,
  values: Values,
  range: { from: string; to: string },
): boolean {
  if (panel.visualization === 'table' || panel.visualization === 'bar') {
    const [request] = panelRequests(panel, values, range);
    const rows = readPath(responses.get(request!.key), panel.query.rows, values);
    return !Array.isArray(rows) || rows.length === 0;
  }
  return false;
}

/** One panel of a JSON dashboard, placed on the 24-column grid, with the shared loading/empty/error states. */
export function DashboardPanelView({
  panel,
  values,
  cache,
}: {
  panel: DashboardPanel;
  values: Values;
  cache: RequestCache;
}) {
  const { fromMs, toMs } = useTime();
  const range = { from: String(fromMs), to: String(toMs) };
  const requests: PanelRequest[] = panelRequests(panel, values, range);
  const query = useQuery(
    JSON.stringify(['panel', panel.id, requests.map((r) => r.key)]),
    async (api) => {
      const entries = await Promise.all(
        requests.map(async (r) => {
          let pending = cache.get(r.key);
          if (pending === undefined) {
            pending = api.get(r.path, r.query);
            cache.set(r.key, pending);
            pending.catch(() => cache.delete(r.key));
          }
          return [r.key, await pending] as const;
        }),
      );
      return new Map<string, unknown>(entries);
    },
    JSON.stringify(['panel', panel.id, values]),
  );
  const { x, y, w, h } = panel.gridPos;
  return (
    <div
      className="dash-cell"
      // Custom properties, not grid-column itself, so the narrow layout's media query can stack the panels.
      style={{ '--dash-column': `${x + 1} / span ${w}`, '--dash-row': `${y + 1} / span ${h}` } as CSSProperties}
    >
      <Panel
        title={interpolate(panel.title, values)}
        {...(panel.description ? { subtitle: panel.description } : {})}
        query={query}
        isEmpty={(responses) => isEmpty(panel, responses, values, range)}
        minBodyHeight={panelBodyHeight(panel)}
        className={`dash-panel dash-panel--${panel.visualization}`}
      >
        {(responses) => <PanelContent panel={panel} responses={responses} values={values} />}
      </Panel>
    </div>
  );
}
