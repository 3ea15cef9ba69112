import { describe, expect, it } from 'vitest';
import { formatOverheadTable } from './format-overhead.js';
import type { LoadResult } from './load.js';
import { bracketedSchedule } from './overhead-bench.js';
import { type MeasuredWindow, medianOf, summarizeWindows } from './summarize-windows.js';
import type { VariantName } from './variants.js';

const settings = { connections: 16, warmupSeconds: 3, windowSeconds: 5, rounds: 2, database: 'PGlite' };

/** A 5 s window; cpuMicrosPerRequest sets the CPU the window's process used, 10 KiB exported. */
function window(variant: VariantName, requestsPerSecond: number, cpuMicrosPerRequest = 200): MeasuredWindow {
  const requests = requestsPerSecond * 5;
  const result: LoadResult = { requestsPerSecond, p50Ms: 2, p99Ms: 8, requests, failures: 0 };
  const cpuSeconds = (requests * cpuMicrosPerRequest) / 1e6;
  return { variant, route: 'items', result, loadAverage1m: 3, cpuSeconds, exportedBytes: 10_240, rssMiB: 150 };
}

describe('summarizeWindows: instructions', () => {
  const counted = (variant: VariantName, requestsPerSecond: number, kiloPerRequest: number | undefined) => ({
    ...window(variant, requestsPerSecond),
    instructions: kiloPerRequest === undefined ? undefined : kiloPerRequest * 1000 * requestsPerSecond * 5,
  });

  it('weights each window’s instructions by its requests, against none', () => {
    const windows = [counted('none', 2000, 1500), counted('stride', 1000, 1650), counted('none', 1000, 1500)];
    const [none, stride] = summarizeWindows(windows, ['none', 'stride'], settings);
    expect(none!.kiloInstructionsPerRequest).toBeCloseTo(1500, 10);
    expect(stride!.kiloInstructionsPerRequest).toBeCloseTo(1650, 10);
    expect(stride!.instructionOverheadPercent).toBeCloseTo(10, 10);
  });

  it('is NaN (printed as —) when a window could not be counted', () => {
    const windows = [counted('none', 2000, 1500), counted('stride', 1000, undefined), counted('none', 1000, 1500)];
    const [, stride] = summarizeWindows(windows, ['none', 'stride'], settings);
    expect(stride!.kiloInstructionsPerRequest).toBeNaN();
    expect(formatOverheadTable([stride!])).toContain('| — | — |');
  });
});

describe('summarizeWindows', () => {
  // The machine slows down between the first and the second round; bracketing keeps stride's cost near 10 %.
  const windows = [
    window('none', 2000, 200),
    window('stride', 1800, 240),
    window('none', 2000, 200),
    window('none', 1000, 200),
    window('stride', 920, 260),
    window('none', 1040, 200),
  ];
  const [none, stride] = summarizeWindows(windows, ['none', 'stride'], settings);

  it('takes each window’s cost against the none windows right around it, and reports the median', () => {
    // Window costs: 1 - 1800/2000 = 10 %, 1 - 920/1020 ≈ 9.8 %; a cost from the overall medians would be ≈ 10.5 %.
    expect(stride!.overheadRangePercent[0]).toBeCloseTo((1 - 920 / 1020) * 100, 10);
    expect(stride!.overheadRangePercent[1]).toBeCloseTo(10, 10);
    expect(stride!.overheadPercent).toBeCloseTo((10 + (1 - 920 / 1020) * 100) / 2, 10);
    expect(none!.overheadPercent).toBe(0);
  });

  it('divides the windows’ CPU by the requests they served, weighting each window by its requests', () => {
    expect(none!.cpuMicrosPerRequest).toBeCloseTo(200, 10);
    const strideMicros = (9000 * 240 + 4600 * 260) / (9000 + 4600);
    expect(stride!.cpuMicrosPerRequest).toBeCloseTo(strideMicros, 10);
    expect(stride!.cpuOverheadPercent).toBeCloseTo((strideMicros / 200 - 1) * 100, 10);
    expect(stride!.exportedKiBPerSecond).toBe(2); // 2 × 10 KiB over 2 × 5 s
  });

  it('fails loudly when a variant was never measured', () => {
    expect(() => summarizeWindows(windows, ['none', 'stride', 'ddTrace'], settings)).toThrow(/ddTrace/);
  });
});

describe('bracketedSchedule', () => {
  it('puts none around every other variant and rotates the others each round', () => {
    const targets = (['none', 'stride', 'promBundle', 'opentelemetry'] as const).map((variant) => ({ variant }));
    expect(bracketedSchedule(targets, 2).map((t) => t.variant)).toEqual([
      ...['none', 'stride', 'none', 'promBundle', 'none', 'opentelemetry'],
      ...['none', 'promBundle', 'none', 'opentelemetry', 'none', 'stride'],
      'none',
    ]);
  });
});

describe('medianOf', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(medianOf([3, 1, 2])).toBe(2);
    expect(medianOf([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('formatOverheadTable', () => {
  it('prints a table per route with each variant’s costs', () => {
    const rows = summarizeWindows(
      [window('none', 2000, 200), window('stride', 1500, 220), window('none', 2000, 200)],
      ['none', 'stride'],
      settings,
    );
    const markdown = formatOverheadTable(rows);
    expect(markdown).toContain('### B: GET /bench/items (50-item JSON)');
    expect(markdown).toMatch(/\| Stride agent[^|]*\| 1500 \| \+25\.0 \[\+25\.0 … \+25\.0\] \| 220 \| \+10\.0 \|/);
    expect(markdown).toMatch(/\| no instrumentation \| 2000 \| — \| 200 \| — \|/);
  });
});
