// Number formatting with units, shared by tables, tooltips and axes. Every formatter takes null (the API's "no
// data") and answers an en dash, so panels never print "NaN ms".

export const NO_DATA = '–';

const trim = (text: string) => text.replace(/\.0+$/, '').replace(/(\.\d*?)0+$/, '$1');

/** Significant-digit rounding: 3 digits for small values, none after the point from 100 up. */
function round(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 100) return String(Math.round(value));
  if (abs >= 10) return trim(value.toFixed(1));
  return trim(value.toFixed(2));
}

/** Milliseconds: `0.42 ms`, `12.3 ms`, `1.24 s`, `2.5 min`. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return NO_DATA;
  const abs = Math.abs(ms);
  if (abs >= 120_000) return `${round(ms / 60_000)} min`;
  if (abs >= 1_000) return `${round(ms / 1_000)} s`;
  if (abs > 0 && abs < 0.01) return '<0.01 ms';
  return `${round(ms)} ms`;
}

/** A fraction as a percentage: 0.0123 → `1.23 %`; tiny non-zero shares are not shown as 0. */
export function formatPercent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return NO_DATA;
  const pct = fraction * 100;
  if (pct > 0 && pct < 0.01) return '<0.01 %';
  return `${round(pct)} %`;
}

/** Per-second rate: `12.4 req/s`, `0.05 req/s`. */
export function formatRate(perSecond: number | null | undefined, unit = 'req/s'): string {
  if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond)) return NO_DATA;
  if (perSecond > 0 && perSecond < 0.01) return `<0.01 ${unit}`;
  return `${round(perSecond)} ${unit}`;
}

/** Apdex with two decimals, as every APM shows it. */
export function formatApdex(apdex: number | null | undefined): string {
  if (apdex === null || apdex === undefined || !Number.isFinite(apdex)) return NO_DATA;
  return apdex.toFixed(2);
}

/** Counts with thousands separators up to a million, then `1.2M`. */
export function formatCount(count: number | null | undefined): string {
  if (count === null || count === undefined || !Number.isFinite(count)) return NO_DATA;
  if (Math.abs(count) >= 1_000_000) return `${round(count / 1_000_000)}M`;
  return Math.round(count).toLocaleString('en-US');
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return NO_DATA;
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${round(value)} ${BYTE_UNITS[unit]}`;
}

/**
 * Relative change from `base` to `value` with its sign, e.g. (120, 100) → `+20 %`; null when either is missing
 * or the base is 0 (no meaningful ratio).
 */
export function formatDelta(value: number | null | undefined, base: number | null | undefined): string | null {
  if (value === null || value === undefined || base === null || base === undefined || base === 0) return null;
  const change = (value - base) / Math.abs(base);
  if (!Number.isFinite(change)) return null;
  const text = formatPercent(Math.abs(change));
  if (change === 0 || text === '0 %') return '±0 %';
  return `${change > 0 ? '+' : '−'}${text}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Axis and tooltip time: `14:05` within a day's span, `11-22 14:05` for longer ranges, `11-22` beyond a week. */
export function formatAxisTime(ms: number, spanMs: number): string {
  const d = new Date(ms);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const md = `${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  if (spanMs <= 36 * 3_600_000) return spanMs <= 10 * 60_000 ? `${hm}:${pad(d.getSeconds())}` : hm;
  if (spanMs <= 8 * 86_400_000) return `${md} ${hm}`;
  return md;
}

export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** `3 min ago`, for lists of runs and traces. */
export function formatAgo(ms: number, nowMs: number): string {
  const seconds = Math.max(0, Math.round((nowMs - ms) / 1_000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3_600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 172_800) return `${Math.round(seconds / 3_600)} h ago`;
  return `${Math.round(seconds / 86_400)} d ago`;
}

/** A unit name used by charts and dashboard panels, mapped to its formatter. */
export type Unit =
  | 'ms'
  | 'seconds'
  | 'percent'
  | 'rps'
  | 'perSecond'
  | 'apdex'
  | 'bytes'
  | 'count'
  | 'ratio'
  | 'msPerSecond'
  | 'none';

export const UNIT_FORMATTERS: Record<Unit, (value: number | null) => string> = {
  ms: formatMs,
  percent: formatPercent,
  rps: (v) => formatRate(v),
  apdex: formatApdex,
  bytes: formatBytes,
  count: formatCount,
  ratio: formatPercent,
  msPerSecond: (v) => (v === null ? NO_DATA : `${round(v)} ms/s`),
  seconds: (v) => formatMs(v === null ? null : v * 1_000),
  perSecond: (v) => formatRate(v, '/s'),
  none: (v) => (v === null || !Number.isFinite(v) ? NO_DATA : round(v)),
};

export function formatUnit(value: number | null | undefined, unit: Unit): string {
  return UNIT_FORMATTERS[unit](value ?? null);
}

/** Axis ticks: like formatUnit but short enough for a 64 px axis (`0.75/s` rather than `0.75 req/s`). */
export function formatAxisValue(value: number, unit: Unit): string {
  if (unit === 'rps' || unit === 'perSecond') return `${round(value)}/s`;
  return formatUnit(value, unit);
}
