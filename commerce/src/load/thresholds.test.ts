import { ExponentialHistogram } from '@stride/agent';
import { describe, expect, it } from 'vitest';
import { evaluateThresholds, type MeasuredTarget, mergeThresholds, parseThreshold } from './thresholds.js';

const TARGETS = ['browse', 'detail', 'pricing', 'checkout', 'all'];
const parse = (text: string) => parseThreshold(text, TARGETS);

function measured(latenciesMs: number[], { errors = 0, durationMs = 10_000 } = {}): MeasuredTarget {
  const latencyMs = new ExponentialHistogram();
  for (const ms of latenciesMs) latencyMs.record(ms);
  return { requests: latenciesMs.length, errors, durationMs, latencyMs };
}

describe('parseThreshold', () => {
  it('reads target, metric, operator and value', () => {
    expect(parse('browse.p95<300')).toEqual({
      name: 'browse.p95<300',
      key: 'browse.p95',
      target: 'browse',
      metric: 'p95',
      op: '<',
      value: 300,
    });
    expect(parse(' checkout.p99.9 >= 12.5 ')).toMatchObject({ metric: 'p99.9', op: '>=', value: 12.5 });
  });

  it('converts units into milliseconds and fractions, and names the threshold canonically', () => {
    expect(parse('detail.p99<1.5s')).toMatchObject({ value: 1500, name: 'detail.p99<1500' });
    expect(parse('detail.p99<=250ms')).toMatchObject({ value: 250, op: '<=' });
    expect(parse('all.errorRate<1%')).toMatchObject({ value: 0.01, name: 'all.errorRate<0.01' });
    expect(parse('detail.max<1.1s').value).toBe(1100);
  });

  it.each([
    ['browse<300', /must look like/],
    ['browse.p95<', /must look like/],
    ['browse.p95~300', /must look like/],
    ['search.p95<300', /unknown target "search"/],
    ['browse.median<300', /unknown metric "median"/],
    ['browse.p100<300', /unknown metric "p100"/],
    ['browse.rps<5s', /rps is not a duration/],
    ['browse.p95<5%', /only errorRate takes a %/],
  ])('rejects %s', (text, message) => {
    expect(() => parse(text)).toThrow(message);
  });
});

describe('mergeThresholds', () => {
  it('lets an override replace the default with the same target and metric, and keeps the others', () => {
    const merged = mergeThresholds(
      [parse('browse.p95<300'), parse('detail.p95<200'), parse('all.errorRate<0.01')],
      [parse('browse.p95<800'), parse('browse.p99<1000')],
    );
    expect(merged.map((t) => t.name)).toEqual([
      'detail.p95<200',
      'all.errorRate<0.01',
      'browse.p95<800',
      'browse.p99<1000',
    ]);
  });
});

describe('evaluateThresholds', () => {
  // 100 requests at 1..100 ms: p95 is the 95th smallest, 95 ms (within the histogram's 0.55%).
  const browse = measured(
    Array.from({ length: 100 }, (_, i) => i + 1),
    { errors: 3, durationMs: 20_000 },
  );
  const targets = new Map<string, MeasuredTarget>([
    ['browse', browse],
    ['checkout', measured([])],
  ]);

  it('compares each metric with its limit', () => {
    const results = evaluateThresholds(
      [
        parse('browse.p95<100'),
        parse('browse.p95<90'),
        parse('browse.p50<=51'),
        parse('browse.max<100'),
        parse('browse.avg<51'),
        parse('browse.errorRate<0.05'),
        parse('browse.errorRate<0.02'),
        parse('browse.rps>=5'),
        parse('browse.rps>5'),
      ],
      targets,
    );
    expect(results.map((r) => [r.name, r.ok])).toEqual([
      ['browse.p95<100', true],
      ['browse.p95<90', false],
      ['browse.p50<=51', true],
      ['browse.max<100', false],
      ['browse.avg<51', true],
      ['browse.errorRate<0.05', true],
      ['browse.errorRate<0.02', false],
      ['browse.rps>=5', true],
      ['browse.rps>5', false],
    ]);
    expect(results[0]?.actual).toBeCloseTo(95, 0);
    expect(results[5]?.actual).toBe(0.03);
  });

  it('passes a threshold whose target has no data, and says so', () => {
    expect(evaluateThresholds([parse('checkout.p95<10'), parse('pricing.p95<10')], targets)).toEqual([
      { name: 'checkout.p95<10', ok: true, actual: null },
      { name: 'pricing.p95<10', ok: true, actual: null },
    ]);
  });
});
