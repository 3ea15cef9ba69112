import { describe, expect, it } from 'vitest';
import { ScenarioStats } from './scenario-stats.js';
import { buildReport, formatReport } from './summary.js';
import { parseThreshold } from './thresholds.js';

const TARGETS = ['browse', 'checkout', 'all'];

/** browse: 90 answers at 10 ms and 10 at 100 ms; checkout: 201 at 50 ms, 409 at 60 ms, one 500 at 70 ms. */
function sampleStats(): ScenarioStats {
  const stats = new ScenarioStats({ expectedStatuses: { browse: [200], checkout: [201, 402, 409] } });
  for (let i = 0; i < 100; i++) stats.finish(stats.start('browse', 0), 200, i < 90 ? 10 : 100);
  stats.finish(stats.start('checkout', 0), 201, 50);
  stats.finish(stats.start('checkout', 0), 409, 60);
  stats.finish(stats.start('checkout', 0), 500, 70);
  return stats;
}

function report(thresholds: string[], stats = sampleStats()) {
  return buildReport({
    name: 'commerce-naive',
    profile: 'baseline',
    target: 'http://127.0.0.1:3000',
    startedAtMs: 1_700_000_000_000,
    durationMs: 10_000,
    tallies: stats.all(),
    thresholds: thresholds.map((t) => parseThreshold(t, TARGETS)),
  });
}

describe('buildReport', () => {
  it('has a row per scenario and an `all` row from the merged histograms', () => {
    const { rows } = report([]);
    expect(rows.map((r) => [r.name, r.requests, r.errors, r.rps])).toEqual([
      ['browse', 100, 0, 10],
      ['checkout', 3, 1, 0.3],
      ['all', 103, 1, 10.3],
    ]);
    const [browse, checkout, all] = rows;
    expect(browse?.p50Ms).toBeCloseTo(10, 0);
    expect(browse?.p95Ms).toBeCloseTo(100, 0);
    expect(checkout?.p50Ms).toBeCloseTo(60, 0);
    expect(checkout?.statuses).toEqual({ '201': 1, '409': 1, '500': 1 });
    // The 98th of 103 merged latencies is a browse 100 ms, not an average of the two p95s.
    expect(all?.p95Ms).toBeCloseTo(100, 0);
    expect(all?.maxMs).toBeCloseTo(100, 0);
  });

  it('produces a body POST /api/v1/benchmarks accepts: finite numbers, thresholds as name and ok', () => {
    const { summary } = report(['browse.p95<300', 'all.errorRate<0.005']);
    expect(summary).toEqual({
      name: 'commerce-naive',
      profile: 'baseline',
      target: 'http://127.0.0.1:3000',
      startedAt: 1_700_000_000_000,
      durationMs: 10_000,
      scenarios: expect.any(Array),
      thresholds: [
        { name: 'browse.p95<300', ok: true },
        { name: 'all.errorRate<0.005', ok: false },
      ],
      passed: false,
    });
    for (const scenario of summary.scenarios) {
      expect(Object.keys(scenario)).toEqual(['name', 'requests', 'errors', 'rps', 'p50Ms', 'p95Ms', 'p99Ms']);
      for (const value of Object.values(scenario))
        if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
    }
  });

  it('passes when every threshold holds', () => {
    expect(report(['browse.p95<300', 'all.errorRate<0.01']).summary.passed).toBe(true);
  });

  it('fails a run that completed no requests, whatever the thresholds', () => {
    const empty = new ScenarioStats({ expectedStatuses: { browse: [200] } });
    const { summary, rows } = report(['browse.p95<300'], empty);
    expect(summary.passed).toBe(false);
    expect(rows.every((r) => r.p95Ms === 0 && r.rps === 0)).toBe(true);
  });

  it('lists unanswered requests under the status `none`', () => {
    const stats = new ScenarioStats({ expectedStatuses: { browse: [200] } });
    stats.start('browse', 0);
    stats.sweep(20_000, 10_000);
    expect(report([], stats).rows[0]?.statuses).toEqual({ none: 1 });
  });
});

describe('formatReport', () => {
  it('prints the table, the thresholds with their measured values and the verdict', () => {
    const text = formatReport(report(['browse.p95<300', 'all.errorRate<0.005']));
    const lines = text.split('\n');
    expect(lines[0]).toBe('commerce-naive · baseline · http://127.0.0.1:3000 · 10.0 s');
    expect(lines[2]).toMatch(
      /^scenario\s+requests\s+errors\s+error %\s+req\/s\s+p50 ms\s+p95 ms\s+p99 ms\s+max ms\s+statuses$/,
    );
    expect(text).toMatch(/\nbrowse\s+100\s+0\s+0\.00%\s+10\.0\s+10\.0\s+/);
    expect(text).toContain('201×1 409×1 500×1');
    expect(text).toContain('  ✓ browse.p95<300  (got 100.');
    expect(text).toContain('  ✗ all.errorRate<0.005  (got 0.0097)');
    expect(lines.at(-1)).toBe('FAILED: 1 threshold(s) crossed');
  });
});
