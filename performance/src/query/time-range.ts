import { DURATION_UNIT_MS } from '../config/duration.js';

const UNIX_MS = /^\d{1,16}$/;
const RELATIVE = /^now(?:([+-])(\d+)(s|m|h|d|w))?$/;
// Date, or date-time with optional seconds, fraction and zone.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Parses a query time: unix milliseconds (`1735689600000`), ISO 8601 (`2025-01-01T00:00:00Z`; without a zone it
 * is UTC, not the server's local time), `now`, or `now-15m` / `now+1h` with units s, m, h, d, w.
 * Returns null for anything else.
 */
export function parseTimeMs(text: string, nowMs: number): number | null {
  const value = text.trim();
  if (UNIX_MS.test(value)) {
    const ms = Number(value);
    return Number.isSafeInteger(ms) ? ms : null;
  }
  const relative = RELATIVE.exec(value);
  if (relative) {
    const [, sign, amount, unit] = relative;
    if (sign === undefined) return nowMs;
    const offsetMs = Number(amount) * DURATION_UNIT_MS[unit!]!;
    const ms = sign === '-' ? nowMs - offsetMs : nowMs + offsetMs;
    return Number.isSafeInteger(ms) ? ms : null;
  }
  const iso = ISO_8601.exec(value);
  if (iso) {
    const hasTime = value.includes('T');
    const ms = Date.parse(hasTime && iso[1] === undefined ? `${value}Z` : value);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

export const TIME_FORMAT_HINT = 'unix milliseconds, ISO 8601, `now` or `now-15m` (units s, m, h, d, w)';
