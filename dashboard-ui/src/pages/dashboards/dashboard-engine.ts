// The pure half of the dashboard renderer: templates, paths into responses, the requests a panel needs, and
// value formatting by unit. Example: with service = "shop", the path `services[name=${service}].p95Ms` picks
// 212.4 from { services: [{ name: "api", … }, { name: "shop", p95Ms: 212.4 }] }.
import {
  formatApdex,
  formatBytes,
  formatCount,
  formatMs,
  formatPercent,
  formatRate,
  NO_DATA,
} from '../../lib/format.js';
import type { DashboardPanel, DashboardUnit, Params } from './dashboard-types.js';

export type Values = Readonly<Record<string, string>>;

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Replaces `${name}` by its value; unknown names become '' (the server rejects undeclared ones up front). */
export function interpolate(template: string, values: Values, encode = false): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name] ?? '';
    return encode ? encodeURIComponent(value) : value;
  });
}

export interface PanelRequest {
  /** Expanded path, e.g. /api/v1/services/shop/routes. */
  path: string;
  query: Record<string, string>;
  /** Identity for sharing one request between series or panels. */
  key: string;
}

/** The request for an endpoint with params; `from`/`to` come from the time range unless the params set them. */
export function buildRequest(
  endpoint: string,
  params: Params | undefined,
  values: Values,
  range: { from: string; to: string },
): PanelRequest {
  const path = interpolate(endpoint, values, true);
  const query: Record<string, string> = { ...range };
  for (const [name, value] of Object.entries(params ?? {})) {
    const text = typeof value === 'string' ? interpolate(value, values) : String(value);
    if (text === '') delete query[name];
    else query[name] = text;
  }
  const sorted = Object.fromEntries(Object.entries(query).sort(([a], [b]) => a.localeCompare(b)));
  return { path, query: sorted, key: `${path}?${new URLSearchParams(sorted).toString()}` };
}

/** One request per distinct parameter set of a panel: series with identical params share one. */
export function panelRequests(
  panel: DashboardPanel,
  values: Values,
  range: { from: string; to: string },
): PanelRequest[] {
  if (panel.visualization !== 'timeseries')
    return [buildRequest(panel.query.endpoint, panel.query.params, values, range)];
  const requests = new Map<string, PanelRequest>();
  for (const series of panel.query.series) {
    const request = buildRequest(panel.query.endpoint, { ...panel.query.params, ...series.params }, values, range);
    requests.set(request.key, request);
  }
  return [...requests.values()];
}

const SEGMENT = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[([^\]]*)\])?/;

/**
 * The value at `path` in `data`, or undefined when any step finds nothing. Selectors: `[2]` (index) and
 * `[field=value]` (first element whose field, as a string, equals the value). `${…}` is expanded first.
 */
export function readPath(data: unknown, path: string, values: Values = {}): unknown {
  let rest = interpolate(path, values);
  let current: unknown = data;
  while (rest !== '') {
    const match = SEGMENT.exec(rest);
    if (match === null) return undefined;
    const [whole, key, selector] = match;
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key!];
    if (selector !== undefined) {
      if (!Array.isArray(current)) return undefined;
      if (/^\d+$/.test(selector)) {
        current = current[Number(selector)];
      } else {
        const eq = selector.indexOf('=');
        const field = selector.slice(0, eq);
        const wanted = selector.slice(eq + 1);
        current = current.find(
          (item) =>
            item !== null && typeof item === 'object' && String((item as Record<string, unknown>)[field]) === wanted,
        );
      }
    }
    rest = rest.slice(whole.length);
    if (rest.startsWith('.')) rest = rest.slice(1);
    else if (rest !== '') return undefined;
  }
  return current;
}

/** A row's field by dot path (`stats.p95Ms`). */
export function readField(row: unknown, field: string): unknown {
  return field.split('.').reduce<unknown>((value, key) => {
    if (value === null || typeof value !== 'object') return undefined;
    return (value as Record<string, unknown>)[key];
  }, row);
}

export type Reducer = 'last' | 'mean' | 'max' | 'min' | 'sum';

/** A stat's number: a plain number as is; an array of points ({ v }) or numbers folded, nulls skipped. */
export function reduceStat(value: unknown, reducer: Reducer = 'last'): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (!Array.isArray(value)) return null;
  const numbers = value
    .map((item) => (typeof item === 'number' ? item : readField(item, 'v')))
    .filter((n): n is number => typeof n === 'number' && Number.isFinite(n));
  if (numbers.length === 0) return null;
  switch (reducer) {
    case 'last':
      return numbers[numbers.length - 1]!;
    case 'mean':
      return numbers.reduce((a, b) => a + b, 0) / numbers.length;
    case 'max':
      return Math.max(...numbers);
    case 'min':
      return Math.min(...numbers);
    case 'sum':
      return numbers.reduce((a, b) => a + b, 0);
  }
}

const plain = (v: number) => (Math.abs(v) >= 100 ? formatCount(v) : String(Number(v.toPrecision(3))));

export const DASHBOARD_UNIT_FORMAT: Record<DashboardUnit, (v: number | null) => string> = {
  ms: formatMs,
  s: (v) => formatMs(v === null ? null : v * 1_000),
  bytes: formatBytes,
  count: formatCount,
  per_second: (v) => formatRate(v, '/s'),
  ratio: formatPercent,
  score: formatApdex,
  ms_per_second: (v) => (v === null ? NO_DATA : `${plain(v)} ms/s`),
  none: (v) => (v === null ? NO_DATA : plain(v)),
};

/** Any cell value formatted by unit: numbers by the unit, text as is, missing as a dash. */
export function formatCell(value: unknown, unit: DashboardUnit = 'none'): string {
  if (value === null || value === undefined) return NO_DATA;
  if (typeof value === 'number') return DASHBOARD_UNIT_FORMAT[unit](value);
  return String(value);
}

/** Options of a query variable: the `value` field of each row at `rows`, as text, unique, in order. */
export function variableOptions(response: unknown, rows: string, field: string): string[] {
  const list = readPath(response, rows);
  if (!Array.isArray(list)) return [];
  const options: string[] = [];
  for (const row of list) {
    const value = readField(row, field);
    if (value === null || value === undefined) continue;
    const text = String(value);
    if (!options.includes(text)) options.push(text);
  }
  return options;
}

/**
 * The option of the busiest row: the one with the most `requests` (rows of /api/v1/services and the routes
 * endpoints carry that count for the range), so a service variable opens on the service with traffic rather than
 * the alphabetically first. Undefined when no row has a positive numeric `requests`.
 */
export function busiestOption(response: unknown, rows: string, field: string): string | undefined {
  const list = readPath(response, rows);
  if (!Array.isArray(list)) return undefined;
  let best: { value: string; requests: number } | undefined;
  for (const row of list) {
    const value = readField(row, field);
    const requests = readField(row, 'requests');
    if (value === null || value === undefined || typeof requests !== 'number' || !(requests > 0)) continue;
    if (best === undefined || requests > best.requests) best = { value: String(value), requests };
  }
  return best?.value;
}

/** The selected value: the URL's if it is an option, else the default if it is one, else the first option. */
export function chooseValue(options: readonly string[], fromUrl: string | null, fallback: string | undefined): string {
  if (fromUrl !== null && (options.length === 0 || options.includes(fromUrl))) return fromUrl;
  if (fallback !== undefined && (options.length === 0 || options.includes(fallback))) return fallback;
  return options[0] ?? '';
}

/** The closest auto-refresh option to a dashboard's refreshSeconds. */
export function refreshKeyFor(seconds: number | undefined): 'off' | '10s' | '30s' | '1m' {
  if (seconds === undefined) return 'off';
  if (seconds <= 15) return '10s';
  if (seconds <= 45) return '30s';
  return '1m';
}
