import { describe, expect, it } from 'vitest';
import type { Benchmark } from '../../api/types.js';
import { chartRows, compareBenchmarks, verdict } from './compare-benchmarks.js';

const scenario = (name: string, p95Ms: number, rps: number) => ({
  name,
  requests: 100,
  errors: 0,
  rps,
  p50Ms: p95Ms / 2,
  p95Ms,
  p99Ms: p95Ms * 2,
});

const run = (id: string, scenarios: ReturnType<typeof scenario>[]): Benchmark => ({
  id,
  createdAt: 0,
  createdBy: 'ci',
  name: 'shop',
  profile: 'baseline',
  target: 'http://127.0.0.1:3000',
  startedAt: 0,
  durationMs: 60_000,
  scenarios,
  thresholds: [],
  passed: true,
});

describe('compareBenchmarks', () => {
  const naive = run('a', [scenario('browse', 100, 50), scenario('checkout', 400, 5)]);
  const optimized = run('b', [scenario('checkout', 200, 9), scenario('search', 30, 80)]);

  it('lines scenarios up across runs in first-seen order, with gaps', () => {
    const rows = compareBenchmarks([naive, optimized]);
    expect(rows.map((r) => r.scenario)).toEqual(['browse', 'checkout', 'search']);
    expect(rows[0]!.cells.map((c) => c?.p95Ms ?? null)).toEqual([100, null]);
    expect(rows[1]!.cells.map((c) => c?.p95Ms ?? null)).toEqual([400, 200]);
    expect(rows[2]!.cells.map((c) => c?.p95Ms ?? null)).toEqual([null, 30]);
  });

  it('builds grouped chart rows keyed by run id', () => {
    expect(chartRows([naive, optimized], 'rps')).toEqual([
      { category: 'browse', a: 50, b: null },
      { category: 'checkout', a: 5, b: 9 },
      { category: 'search', a: null, b: 80 },
    ]);
  });
});

describe('verdict', () => {
  it('knows lower latency and higher throughput are better, and ignores noise', () => {
    expect(verdict('p95Ms', 200, 400)).toBe('better');
    expect(verdict('p95Ms', 500, 400)).toBe('worse');
    expect(verdict('rps', 9, 5)).toBe('better');
    expect(verdict('rps', 4, 5)).toBe('worse');
    expect(verdict('p99Ms', 101, 100)).toBe('same');
    expect(verdict('p99Ms', 1, 0)).toBeNull();
    expect(verdict('p99Ms', undefined, 3)).toBeNull();
  });
});
