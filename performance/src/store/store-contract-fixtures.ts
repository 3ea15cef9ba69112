import { ExponentialHistogram } from '@stride/agent';
import { expect } from 'vitest';
import type { MetricPoint, PointKind, SeriesDescriptor } from '../ingest/points.js';
import type { Aggregate } from './store.js';

/** 2024-01-01T00:00:00Z: aligned to every tier step, so offsets from it read as bucket positions. */
export const T0 = Date.UTC(2024, 0, 1);
export const SECOND = 1_000;
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** Deterministic PRNG (mulberry32) so failures reproduce. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Latency-like values in seconds: lognormal around 50 ms. */
export function latencies(random: () => number, n: number): number[] {
  return Array.from({ length: n }, () => {
    const u = 1 - random();
    const v = random();
    return Math.exp(Math.log(0.05) + Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  });
}

export function histogramOf(values: readonly number[]): ExponentialHistogram {
  const h = new ExponentialHistogram();
  for (const v of values) h.record(v);
  return h;
}

export function series(route: string, overrides: Partial<SeriesDescriptor> = {}): SeriesDescriptor {
  const kind: PointKind = overrides.kind ?? 'histogram';
  return {
    service: 'shop',
    metric: 'http.server.request.duration',
    kind,
    unit: 's',
    attributes: { 'http.request.method': 'GET', 'http.route': route },
    ...overrides,
  };
}

export function histogramPoint(descriptor: SeriesDescriptor, timeMs: number, values: readonly number[]): MetricPoint {
  return { series: descriptor, timeMs, histogram: histogramOf(values) };
}

export function valuePoint(descriptor: SeriesDescriptor, timeMs: number, value: number): MetricPoint {
  return { series: descriptor, timeMs, value };
}

/** Asserts two histograms hold the same observations (sums compared to float precision: addition order differs). */
export function expectSameHistogram(actual: ExponentialHistogram | null, expected: ExponentialHistogram): void {
  expect(actual).not.toBeNull();
  const { sum, ...rest } = (actual as ExponentialHistogram).toData();
  const { sum: expectedSum, ...expectedRest } = expected.toData();
  expect(rest).toEqual(expectedRest);
  expect(sum).toBeCloseTo(expectedSum, 9);
}

/** Merges aggregates the way a caller would, to compare a tiled read with a fine-grained one. */
export function mergeAggregates(parts: readonly Aggregate[]) {
  const histogram = new ExponentialHistogram();
  let count = 0;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const p of parts) {
    count += p.count;
    sum += p.sum;
    min = Math.min(min, p.min);
    max = Math.max(max, p.max);
    if (p.histogram !== null) histogram.merge(p.histogram);
  }
  return { count, sum, min, max, histogram };
}
