// Everything a user can set lives in the URL's query string so any view can be shared as a link. Global keys
// (time range, auto-refresh) travel with every in-app link; page keys (sort, filters, selected span) belong to
// one page. Defaults are left out of the URL so links stay short.
import { DEFAULT_RANGE, isRefreshKey, type RefreshKey, type TimeRange } from './time-range.js';

export const GLOBAL_KEYS = ['from', 'to', 'refresh'] as const;

export interface GlobalState {
  range: TimeRange;
  refresh: RefreshKey;
}

export function readGlobalState(params: URLSearchParams): GlobalState {
  const refresh = params.get('refresh');
  return {
    range: {
      from: params.get('from')?.trim() || DEFAULT_RANGE.from,
      to: params.get('to')?.trim() || DEFAULT_RANGE.to,
    },
    refresh: isRefreshKey(refresh) ? refresh : 'off',
  };
}

/** Values equal to these are dropped from the URL. */
const GLOBAL_DEFAULTS: Record<string, string> = { from: DEFAULT_RANGE.from, to: DEFAULT_RANGE.to, refresh: 'off' };

export type ParamPatch = Record<string, string | number | null | undefined>;

/**
 * A copy of `params` with `patch` applied: null, undefined, '' or a value equal to its default removes the key.
 * Example: withParams(?from=now-6h&sort=rate:desc, { sort: null }, {}) → ?from=now-6h
 */
export function withParams(
  params: URLSearchParams,
  patch: ParamPatch,
  defaults: Record<string, string> = {},
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [key, raw] of Object.entries(patch)) {
    const value = raw === null || raw === undefined ? '' : String(raw);
    const fallback = defaults[key] ?? GLOBAL_DEFAULTS[key];
    if (value === '' || value === fallback) next.delete(key);
    else next.set(key, value);
  }
  next.sort();
  return next;
}

/** `path` with the global keys of `params` (and `extra`), for links that keep the time range. */
export function linkWithGlobals(path: string, params: URLSearchParams, extra: ParamPatch = {}): string {
  const carried = new URLSearchParams();
  for (const key of GLOBAL_KEYS) {
    const value = params.get(key);
    if (value !== null && value !== GLOBAL_DEFAULTS[key]) carried.set(key, value);
  }
  const query = withParams(carried, extra).toString();
  return query === '' ? path : `${path}?${query}`;
}

export type SortDirection = 'asc' | 'desc';

export interface SortState<K extends string> {
  key: K;
  dir: SortDirection;
}

/** `p95Ms:desc` → { key: 'p95Ms', dir: 'desc' }; unknown keys fall back so a stale link still sorts sensibly. */
export function parseSort<K extends string>(
  value: string | null,
  keys: readonly K[],
  fallback: SortState<K>,
): SortState<K> {
  if (!value) return fallback;
  const [key, dir] = value.split(':');
  const known = keys.find((k) => k === key);
  if (known === undefined) return fallback;
  return { key: known, dir: dir === 'asc' ? 'asc' : 'desc' };
}

export function formatSort<K extends string>(sort: SortState<K>): string {
  return `${sort.key}:${sort.dir}`;
}

/** Clicking a header: the same column flips direction; a new column starts at `initial` (numbers: desc). */
export function toggleSort<K extends string>(current: SortState<K>, key: K, initial: SortDirection): SortState<K> {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: initial };
}

/** Comma-separated ids (e.g. selected benchmark runs); empties dropped, order kept, duplicates removed. */
export function parseList(value: string | null): string[] {
  if (!value) return [];
  return [
    ...new Set(
      value
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== ''),
    ),
  ];
}

export function formatList(values: readonly string[]): string | null {
  return values.length === 0 ? null : values.join(',');
}
