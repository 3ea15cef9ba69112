import { describe, expect, it } from 'vitest';
import { keepsAtRandom, type SampleCandidate, TailSampler } from './tail-sampler.js';

// Trace ids whose low 52 bits put them at the bottom / top of the random range.
const LOW = `${'a'.repeat(19)}0000000000001`;
const HIGH = `${'a'.repeat(19)}fffffffffffff`;

let n = 0;
function trace(routeKey: string, durationMs: number, extra: Partial<SampleCandidate> = {}): SampleCandidate {
  return { routeKey, durationMs, isError: false, repeatedQuery: false, traceId: HIGH, ...extra, id: n++ } as never;
}
const summary = (kept: Array<{ trace: SampleCandidate; reason: string }>) =>
  kept.map(({ trace, reason }) => `${trace.routeKey} ${trace.durationMs} ${reason}`);

describe('TailSampler', () => {
  it('keeps the slowest K per route per interval, slowest first, and starts empty after drain', () => {
    const sampler = new TailSampler({ slowestPerRoute: 2, randomShare: 0 }, 1000);
    for (const ms of [5, 9, 7, 1, 8]) sampler.offer(trace('GET /a', ms));
    sampler.offer(trace('GET /b', 3));
    const interval = sampler.drain(11_000);
    expect(interval.startMs).toBe(1000);
    expect(interval.endMs).toBe(11_000);
    expect(summary(interval.kept)).toEqual(['GET /a 9 slowest', 'GET /a 8 slowest', 'GET /b 3 slowest']);
    expect(sampler.dropped).toBe(0); // displaced candidates were never kept
    const next = sampler.drain(21_000);
    expect(next).toEqual({ startMs: 11_000, endMs: 21_000, kept: [] });
  });

  it('keeps every error, every repeated-query request and the random share, whatever their duration', () => {
    const sampler = new TailSampler({ slowestPerRoute: 1, randomShare: 0.5 }, 0);
    sampler.offer(trace('GET /a', 100));
    sampler.offer(trace('GET /a', 1, { isError: true }));
    sampler.offer(trace('GET /a', 2, { repeatedQuery: true }));
    sampler.offer(trace('GET /a', 3, { traceId: LOW }));
    sampler.offer(trace('GET /a', 4, { isError: true, repeatedQuery: true }));
    expect(summary(sampler.drain(10).kept)).toEqual([
      'GET /a 1 error',
      'GET /a 2 repeated-query',
      'GET /a 3 random',
      'GET /a 4 error',
      'GET /a 100 slowest',
    ]);
  });

  it('bounds the traces held per interval: errors evict slowest candidates, the rest are dropped and counted', () => {
    const sampler = new TailSampler({ slowestPerRoute: 5, randomShare: 0, maxTracesPerInterval: 3 }, 0);
    sampler.offer(trace('GET /a', 10));
    sampler.offer(trace('GET /b', 20));
    sampler.offer(trace('GET /c', 30));
    sampler.offer(trace('GET /d', 40)); // full: dropped
    sampler.offer(trace('GET /a', 50)); // a route with room replaces nothing when full: dropped
    expect(sampler.dropped).toBe(2);
    sampler.offer(trace('GET /e', 1, { isError: true })); // evicts GET /a's candidate
    sampler.offer(trace('GET /e', 2, { isError: true })); // evicts GET /b's
    sampler.offer(trace('GET /e', 3, { isError: true })); // evicts GET /c's
    sampler.offer(trace('GET /e', 4, { isError: true })); // nothing left to evict: dropped
    expect(sampler.size).toBe(3);
    expect(sampler.dropped).toBe(6);
    expect(summary(sampler.drain(1).kept)).toEqual(['GET /e 1 error', 'GET /e 2 error', 'GET /e 3 error']);
  });

  it('shares one slowest slot among routes past maxRoutes', () => {
    const sampler = new TailSampler({ slowestPerRoute: 1, randomShare: 0, maxRoutes: 2 }, 0);
    for (const [route, ms] of [
      ['GET /a', 1],
      ['GET /b', 1],
      ['GET /c', 5],
      ['GET /d', 7],
      ['GET /e', 6],
    ] as const) {
      sampler.offer(trace(route, ms));
    }
    expect(summary(sampler.drain(1).kept)).toEqual(['GET /a 1 slowest', 'GET /b 1 slowest', 'GET /d 7 slowest']);
  });

  it('keeps nothing for slowest when slowestPerRoute is 0', () => {
    const sampler = new TailSampler({ slowestPerRoute: 0, randomShare: 0 }, 0);
    sampler.offer(trace('GET /a', 100));
    expect(sampler.drain(1).kept).toEqual([]);
  });
});

describe('keepsAtRandom', () => {
  it('decides from the trace id, so every service of a trace decides alike', () => {
    expect(keepsAtRandom(LOW, 0.01)).toBe(true);
    expect(keepsAtRandom(HIGH, 0.99)).toBe(false);
    expect(keepsAtRandom(HIGH, 1)).toBe(true);
    expect(keepsAtRandom(LOW, 0)).toBe(false);
    // the middle of the range: 0x8000000000000 / 2^52 = 0.5
    expect(keepsAtRandom(`${'0'.repeat(19)}8000000000000`, 0.5)).toBe(false);
    expect(keepsAtRandom(`${'0'.repeat(19)}7ffffffffffff`, 0.5)).toBe(true);
  });

  it('keeps close to the configured share of random ids', () => {
    let kept = 0;
    for (let i = 0; i < 20_000; i++) {
      const id = (BigInt(i) * 0x9e3779b97f4a7c15n) & ((1n << 128n) - 1n);
      if (keepsAtRandom(id.toString(16).padStart(32, '0'), 0.1)) kept++;
    }
    expect(kept / 20_000).toBeCloseTo(0.1, 1);
  });
});
