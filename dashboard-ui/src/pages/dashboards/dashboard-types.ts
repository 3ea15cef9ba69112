// The dashboard definition as GET /api/v1/dashboards/:id serves it (defaults filled in). Mirrors
// dashboards/schema.json; docs/dashboards.md explains each field.

export type DashboardUnit =
  | 'ms'
  | 's'
  | 'bytes'
  | 'count'
  | 'per_second'
  | 'ratio'
  | 'score'
  | 'ms_per_second'
  | 'none';
export type Params = Record<string, string | number | boolean>;

export interface QueryVariable {
  name: string;
  label?: string;
  type: 'query';
  default?: string;
  query: { endpoint: string; params?: Params; rows: string; value: string };
}

export interface CustomVariable {
  name: string;
  label?: string;
  type: 'custom';
  default?: string;
  options: string[];
}

export type Variable = QueryVariable | CustomVariable;

export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface PanelBase {
  id: string;
  title: string;
  description?: string;
  gridPos: GridPos;
  unit?: DashboardUnit;
}

export interface SeriesQuery {
  label: string;
  path?: string;
  x?: string;
  y?: string;
  params?: Params;
}

export type DashboardPanel =
  | (PanelBase & { visualization: 'timeseries'; query: { endpoint: string; params?: Params; series: SeriesQuery[] } })
  | (PanelBase & {
      visualization: 'stat';
      query: { endpoint: string; params?: Params; value: string; reduce?: 'last' | 'mean' | 'max' | 'min' | 'sum' };
    })
  | (PanelBase & {
      visualization: 'table';
      query: {
        endpoint: string;
        params?: Params;
        rows: string;
        columns: { field: string; label: string; unit?: DashboardUnit }[];
        limit?: number;
      };
    })
  | (PanelBase & {
      visualization: 'bar';
      query: { endpoint: string; params?: Params; rows: string; category: string; value: string; limit?: number };
    });

export interface DashboardDefinition {
  schemaVersion: 1;
  id: string;
  title: string;
  description?: string;
  tags?: string[];
  time: { from: string; to?: string };
  refreshSeconds?: number;
  variables?: Variable[];
  panels: DashboardPanel[];
}

export type { DashboardSummary as DashboardListEntry } from '../../api/types.js';
