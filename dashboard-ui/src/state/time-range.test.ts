import { describe, expect, it } from 'vitest';
import {
  describeRange,
  fromDateTimeLocal,
  isRelative,
  parseTimeExpression,
  presetOf,
  refreshMs,
  resolveRange,
  toDateTimeLocal,
  validateRange,
} from './time-range.js';

const NOW = Date.UTC(2025, 10, 22, 12, 0, 0);

describe('parseTimeExpression', () => {
  it.each([
    ['now', NOW],
    ['now-15m', NOW - 15 * 60_000],
    ['now-6h', NOW - 6 * 3_600_000],
    ['now-7d', NOW - 7 * 86_400_000],
    ['now-2w', NOW - 14 * 86_400_000],
    ['now-30s', NOW - 30_000],
    [' now-1h ', NOW - 3_600_000],
    ['1763812800000', 1763812800000],
    ['2025-11-22T10:00:00Z', Date.UTC(2025, 10, 22, 10)],
  ])('%s', (text, expected) => {
    expect(parseTimeExpression(text, NOW)).toBe(expected);
  });

  it.each(['yesterday', 'now-', 'now-5', 'now+1h', '', '12', '2025-13-45T00:00Z', 'now-1y'])('rejects %j', (text) => {
    expect(parseTimeExpression(text, NOW)).toBeNull();
  });
});

describe('ranges', () => {
  it('resolves relative ranges at now', () => {
    expect(resolveRange({ from: 'now-1h', to: 'now' }, NOW)).toEqual({ fromMs: NOW - 3_600_000, toMs: NOW });
  });

  it('falls back to the last hour for an invalid or inverted range', () => {
    expect(resolveRange({ from: 'garbage', to: 'now' }, NOW)).toEqual({ fromMs: NOW - 3_600_000, toMs: NOW });
    expect(resolveRange({ from: 'now', to: 'now-1h' }, NOW)).toEqual({ fromMs: NOW - 3_600_000, toMs: NOW });
  });

  it('names the bad field', () => {
    expect(validateRange({ from: 'x', to: 'now' }, NOW)).toMatch(/^From: .*"x"/);
    expect(validateRange({ from: 'now-1h', to: 'y' }, NOW)).toMatch(/^To: .*"y"/);
    expect(validateRange({ from: String(NOW), to: String(NOW - 1) }, NOW)).toBe('From must be before To');
    expect(validateRange({ from: 'now-1h', to: 'now' }, NOW)).toBeNull();
  });

  it('knows presets and relative ranges', () => {
    expect(presetOf({ from: 'now-6h', to: 'now' })?.key).toBe('6h');
    expect(presetOf({ from: 'now-6h', to: 'now-1h' })).toBeUndefined();
    expect(isRelative({ from: 'now-6h', to: 'now-1h' })).toBe(true);
    expect(isRelative({ from: '1763812800000', to: 'now' })).toBe(false);
  });

  it('describes presets, other relative ranges and absolute ones', () => {
    expect(describeRange({ from: 'now-24h', to: 'now' }, NOW)).toBe('Last 24 hours');
    expect(describeRange({ from: 'now-90m', to: 'now' }, NOW)).toBe('Last 90 minutes');
    const from = new Date(2025, 10, 20, 9, 5).getTime();
    const to = new Date(2025, 10, 20, 17, 30).getTime();
    expect(describeRange({ from: String(from), to: String(to) }, NOW)).toBe('2025-11-20 09:05 – 2025-11-20 17:30');
  });

  it('round-trips datetime-local values in local time', () => {
    const ms = new Date(2025, 0, 5, 7, 45).getTime();
    expect(toDateTimeLocal(ms)).toBe('2025-01-05T07:45');
    expect(fromDateTimeLocal('2025-01-05T07:45')).toBe(ms);
    expect(fromDateTimeLocal('')).toBeNull();
  });

  it('maps refresh keys to intervals', () => {
    expect(refreshMs('off')).toBeNull();
    expect(refreshMs('10s')).toBe(10_000);
    expect(refreshMs('1m')).toBe(60_000);
  });
});
