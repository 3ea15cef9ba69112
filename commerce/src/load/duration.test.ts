import { describe, expect, it } from 'vitest';
import { formatDurationMillis, parseDurationMillis } from './duration.js';

describe('parseDurationMillis', () => {
  it.each([
    ['30s', 30_000],
    ['1.5m', 90_000],
    ['500ms', 500],
    ['2h', 7_200_000],
    ['45', 45_000],
    [' 10s ', 10_000],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDurationMillis(text)).toBe(ms);
  });

  it.each(['', '0s', '-5s', '10 s', 'ten', '5d', '0.0001ms'])('rejects %j', (text) => {
    expect(parseDurationMillis(text)).toBeNull();
  });
});

describe('formatDurationMillis', () => {
  it.each([
    [1_500, '1.5s'],
    [30_000, '30s'],
    [90_000, '1m30s'],
    [600_000, '10m'],
    [3_661_000, '1h1m1s'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDurationMillis(ms)).toBe(text);
  });
});
