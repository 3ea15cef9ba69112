import { describe, expect, it } from 'vitest';
import { parseTimeMs } from './time-range.js';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

describe('parseTimeMs', () => {
  it.each([
    ['1735689600000', 1_735_689_600_000],
    ['0', 0],
    ['now', NOW],
    ['now-15m', NOW - 15 * 60_000],
    ['now-30s', NOW - 30_000],
    ['now-2h', NOW - 2 * 3_600_000],
    ['now-7d', NOW - 7 * 86_400_000],
    ['now-1w', NOW - 7 * 86_400_000],
    ['now+5m', NOW + 5 * 60_000],
    [' now-1h ', NOW - 3_600_000],
    ['2025-01-01T00:00:00Z', Date.UTC(2025, 0, 1)],
    ['2025-01-01T00:00:00.250Z', Date.UTC(2025, 0, 1) + 250],
    ['2025-01-01T02:00:00+02:00', Date.UTC(2025, 0, 1)],
    ['2025-01-01T00:00', Date.UTC(2025, 0, 1)],
    ['2025-01-01', Date.UTC(2025, 0, 1)],
  ])('%s', (text, expected) => {
    expect(parseTimeMs(text, NOW)).toBe(expected);
  });

  it.each([
    'yesterday',
    '',
    'now-15',
    'now-15y',
    'now - 15m',
    '-5',
    '1.5',
    '2025-13-01',
    '2025-01-01T25:00:00Z',
    '01/02/2025',
    '99999999999999999',
  ])('rejects %j', (text) => {
    expect(parseTimeMs(text, NOW)).toBeNull();
  });
});
