import { z } from 'zod';
import { parseDurationMs } from '../config/duration.js';
import { parseTimeMs, TIME_FORMAT_HINT } from '../query/time-range.js';
import { param } from './validate.js';

// The query-string vocabulary of the trace, service-detail and benchmark routes (the same rules as query-routes.ts).

export const nonEmpty = (what: string) => param(what, (raw) => (raw.trim() === '' ? null : raw));

/** from/to with their defaults (now-1h, now); `from` must come before `to`. */
export function rangeSchema(nowMs: number) {
  const time = param(TIME_FORMAT_HINT, (raw) => parseTimeMs(raw, nowMs));
  return z
    .object({ from: time.default(nowMs - 3_600_000), to: time.default(nowMs) })
    .refine((r) => r.from < r.to, { message: 'must be before `to`', path: ['from'] });
}

export const stepMsParam = param('a positive integer of milliseconds or a duration like 1m', (raw) => {
  const ms = /^\d+$/.test(raw) ? Number(raw) : parseDurationMs(raw);
  return ms !== null && Number.isSafeInteger(ms) && ms > 0 ? ms : null;
});

export const limitParam = (max: number) =>
  param(`an integer from 1 to ${max}`, (raw) => {
    const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    return n >= 1 && n <= max ? n : null;
  });

export const nonNegativeMsParam = param('a number of milliseconds ≥ 0', (raw) => {
  const n = raw.trim() === '' ? Number.NaN : Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : null;
});

export const oneOf = <T extends string>(values: readonly T[]) =>
  param(`one of ${values.join(', ')}`, (raw) => ((values as readonly string[]).includes(raw) ? (raw as T) : null));
