import { describe, expect, it } from 'vitest';
import { formatProgressBar, ProgressReporter, type ProgressState, plainIntervalMillis } from './progress.js';

const state = (elapsedMs: number, durationMs = 30_000): ProgressState => ({
  elapsedMs,
  durationMs,
  requests: 1234,
  errors: 2,
  recentRps: 98.24,
});

describe('formatProgressBar', () => {
  it('fills the bar in proportion to the elapsed time', () => {
    expect(formatProgressBar(state(13_500), 20)).toBe(
      '[=========>          ]  45%  13.5s/30s  1,234 requests  98.2 req/s  2 errors',
    );
    expect(formatProgressBar(state(0), 4)).toMatch(/^\[> {3}\] {3}0%/);
    expect(formatProgressBar(state(31_000), 4)).toMatch(/^\[====\] 100% {2}30s\/30s/);
  });
});

describe('ProgressReporter', () => {
  const capture = (isTTY: boolean) => {
    const writes: string[] = [];
    return { writes, output: { isTTY, write: (text: string) => writes.push(text) } };
  };

  it('redraws one line in place on a terminal and ends it on finish', () => {
    const { writes, output } = capture(true);
    const reporter = new ProgressReporter(output);
    reporter.update(state(1_000));
    reporter.update(state(2_000));
    reporter.finish();
    expect(writes).toHaveLength(3);
    expect(writes[0]?.startsWith('\r\u001b[2K[')).toBe(true);
    expect(writes[2]).toBe('\n');
  });

  it('writes a plain line every interval elsewhere', () => {
    const { writes, output } = capture(false);
    const reporter = new ProgressReporter(output);
    for (let ms = 1_000; ms <= 12_000; ms += 1_000) reporter.update(state(ms));
    reporter.finish();
    expect(writes).toEqual([
      'load: 5s/30s  1,234 requests  98.2 req/s  2 errors\n',
      'load: 10s/30s  1,234 requests  98.2 req/s  2 errors\n',
    ]);
  });

  it('spaces plain lines a tenth of the run apart, between 5 s and 60 s', () => {
    expect([3_000, 30_000, 120_000, 600_000, 3_600_000].map(plainIntervalMillis)).toEqual([
      5_000, 5_000, 12_000, 60_000, 60_000,
    ]);
  });
});
