// The global time range as it lives in the URL (`from`/`to`), in the same grammar the query API accepts: unix ms,
// ISO 8601, `now` or `now-<n><s|m|h|d|w>`. Relative ranges stay relative in the URL so a shared link shows "the
// last hour" to whoever opens it; they are resolved to absolute ms once per refresh so every panel on a page
// queries the same window.

export interface TimeRange {
  from: string;
  to: string;
}

export interface ResolvedRange {
  fromMs: number;
  toMs: number;
}

export const DEFAULT_RANGE: TimeRange = { from: 'now-1h', to: 'now' };

export const TIME_PRESETS = [
  { key: '15m', label: 'Last 15 minutes', from: 'now-15m' },
  { key: '1h', label: 'Last 1 hour', from: 'now-1h' },
  { key: '6h', label: 'Last 6 hours', from: 'now-6h' },
  { key: '24h', label: 'Last 24 hours', from: 'now-24h' },
  { key: '7d', label: 'Last 7 days', from: 'now-7d' },
] as const;

export const REFRESH_OPTIONS = [
  { key: 'off', label: 'Off', ms: null },
  { key: '10s', label: '10s', ms: 10_000 },
  { key: '30s', label: '30s', ms: 30_000 },
  { key: '1m', label: '1m', ms: 60_000 },
] as const;

export type RefreshKey = (typeof REFRESH_OPTIONS)[number]['key'];

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const RELATIVE = /^now(?:-(\d+)([smhdw]))?$/;
const UNIX_MS = /^\d{10,14}$/;
// Date-only or date-time ISO 8601; Date.parse accepts far more, so the shape is checked first.
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Unix ms for one time expression at `nowMs`, or null when it is not one the API accepts. */
export function parseTimeExpression(text: string, nowMs: number): number | null {
  const value = text.trim();
  const relative = RELATIVE.exec(value);
  if (relative) {
    const [, amount, unit] = relative;
    if (amount === undefined || unit === undefined) return nowMs;
    return nowMs - Number(amount) * (UNIT_MS[unit] ?? 0);
  }
  if (UNIX_MS.test(value)) return Number(value);
  if (ISO.test(value)) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

export function isRelative(range: TimeRange): boolean {
  return RELATIVE.test(range.from.trim()) && RELATIVE.test(range.to.trim());
}

/** Why a range is unusable, naming the field, or null when it is fine. */
export function validateRange(range: TimeRange, nowMs: number): string | null {
  const fromMs = parseTimeExpression(range.from, nowMs);
  if (fromMs === null) return `From: expected a date, unix ms or now-15m, got "${range.from}"`;
  const toMs = parseTimeExpression(range.to, nowMs);
  if (toMs === null) return `To: expected a date, unix ms or now, got "${range.to}"`;
  if (fromMs >= toMs) return 'From must be before To';
  return null;
}

/** Absolute bounds; an invalid range falls back to the default so a mangled link still shows something. */
export function resolveRange(range: TimeRange, nowMs: number): ResolvedRange {
  const usable = validateRange(range, nowMs) === null ? range : DEFAULT_RANGE;
  return {
    fromMs: parseTimeExpression(usable.from, nowMs) ?? nowMs - 3_600_000,
    toMs: parseTimeExpression(usable.to, nowMs) ?? nowMs,
  };
}

export function presetOf(range: TimeRange): (typeof TIME_PRESETS)[number] | undefined {
  if (range.to.trim() !== 'now') return undefined;
  return TIME_PRESETS.find((p) => p.from === range.from.trim());
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `2025-11-22 03:40` in local time: short, sortable, unambiguous within a locale-independent UI. */
export function formatLocalDateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The value of an `<input type="datetime-local">` for unix ms, local time. */
export function toDateTimeLocal(ms: number): string {
  return formatLocalDateTime(ms).replace(' ', 'T');
}

/** Unix ms for an `<input type="datetime-local">` value (local time), or null when empty or invalid. */
export function fromDateTimeLocal(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : ms;
}

/** What the time-range button shows: the preset's name, "Last 90 minutes" for other relative ranges, or dates. */
export function describeRange(range: TimeRange, nowMs: number): string {
  const preset = presetOf(range);
  if (preset) return preset.label;
  const relative = RELATIVE.exec(range.from.trim());
  if (relative?.[1] !== undefined && range.to.trim() === 'now') {
    const units: Record<string, string> = { s: 'seconds', m: 'minutes', h: 'hours', d: 'days', w: 'weeks' };
    return `Last ${relative[1]} ${units[relative[2] ?? 'm']}`;
  }
  const { fromMs, toMs } = resolveRange(range, nowMs);
  return `${formatLocalDateTime(fromMs)} – ${formatLocalDateTime(toMs)}`;
}

export function refreshMs(key: RefreshKey): number | null {
  return REFRESH_OPTIONS.find((o) => o.key === key)?.ms ?? null;
}

export function isRefreshKey(value: string | null): value is RefreshKey {
  return REFRESH_OPTIONS.some((o) => o.key === value);
}
