import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatApdex,
  formatAxisTime,
  formatAxisValue,
  formatBytes,
  formatCount,
  formatDelta,
  formatMs,
  formatPercent,
  formatRate,
  formatUnit,
} from './format.js';

describe('format', () => {
  it.each([
    [null, '–'],
    [Number.NaN, '–'],
    [0, '0 ms'],
    [0.004, '<0.01 ms'],
    [0.42, '0.42 ms'],
    [12.34, '12.3 ms'],
    [250.6, '251 ms'],
    [1_240, '1.24 s'],
    [95_000, '95 s'],
    [150_000, '2.5 min'],
  ])('formatMs(%s) = %s', (value, expected) => {
    expect(formatMs(value)).toBe(expected);
  });

  it('formats percentages, rates, apdex, counts and bytes', () => {
    expect(formatPercent(0.0123)).toBe('1.23 %');
    expect(formatPercent(0.00001)).toBe('<0.01 %');
    expect(formatPercent(0)).toBe('0 %');
    expect(formatPercent(1)).toBe('100 %');
    expect(formatRate(12.44)).toBe('12.4 req/s');
    expect(formatRate(0.001)).toBe('<0.01 req/s');
    expect(formatApdex(0.9349)).toBe('0.93');
    expect(formatApdex(null)).toBe('–');
    expect(formatCount(12345)).toBe('12,345');
    expect(formatCount(2_500_000)).toBe('2.5M');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(300 * 1024 * 1024)).toBe('300 MiB');
    expect(formatUnit(0.5, 'percent')).toBe('50 %');
    expect(formatUnit(3, 'msPerSecond')).toBe('3 ms/s');
  });

  it('formats signed deltas and refuses a zero base', () => {
    expect(formatDelta(120, 100)).toBe('+20 %');
    expect(formatDelta(80, 100)).toBe('−20 %');
    expect(formatDelta(100, 100)).toBe('±0 %');
    expect(formatDelta(5, 0)).toBeNull();
    expect(formatDelta(null, 3)).toBeNull();
  });

  it('formats axis times by span', () => {
    const t = new Date(2025, 10, 22, 14, 5, 9).getTime();
    expect(formatAxisTime(t, 5 * 60_000)).toBe('14:05:09');
    expect(formatAxisTime(t, 3_600_000)).toBe('14:05');
    expect(formatAxisTime(t, 3 * 86_400_000)).toBe('11-22 14:05');
    expect(formatAxisTime(t, 30 * 86_400_000)).toBe('11-22');
  });

  it('keeps a unit on every axis tick', () => {
    expect(formatAxisValue(0.75, 'msPerSecond')).toBe('0.75 ms/s');
    expect(formatAxisValue(0.75, 'rps')).toBe('0.75/s');
    expect(formatAxisValue(250, 'ms')).toBe('250 ms');
    expect(formatAxisValue(0.5, 'percent')).toBe('50 %');
    expect(formatAxisValue(1_048_576, 'bytes')).toBe('1 MiB');
  });

  it('formats ages', () => {
    expect(formatAgo(1_000, 31_000)).toBe('30 s ago');
    expect(formatAgo(0, 5 * 60_000)).toBe('5 min ago');
    expect(formatAgo(0, 3 * 3_600_000)).toBe('3 h ago');
    expect(formatAgo(0, 3 * 86_400_000)).toBe('3 d ago');
  });
});
