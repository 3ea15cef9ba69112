import { describe, expect, it } from 'vitest';
import { ScenarioStats } from './scenario-stats.js';

const expectedStatuses = { browse: [200], checkout: [201, 402, 409] };

describe('ScenarioStats', () => {
  it('times each request into its own scenario and counts unexpected statuses as errors', () => {
    const stats = new ScenarioStats({ expectedStatuses });
    const a = stats.start('browse', 1_000);
    const b = stats.start('checkout', 1_000);
    const c = stats.start('checkout', 1_010);
    stats.finish(a, 200, 1_012);
    stats.finish(b, 409, 1_250);
    stats.finish(c, 500, 1_030);

    const browse = stats.tally('browse');
    expect(browse).toMatchObject({ requests: 1, errors: 0, unanswered: 0 });
    expect(browse.latencyMs.max).toBeCloseTo(12, 6);
    const checkout = stats.tally('checkout');
    expect(checkout).toMatchObject({ requests: 2, errors: 1 });
    expect([...checkout.statuses]).toEqual([
      [409, 1],
      [500, 1],
    ]);
    expect(checkout.latencyMs.min).toBeCloseTo(20, 6);
    expect(checkout.latencyMs.max).toBeCloseTo(250, 6);
    expect(stats.totals()).toEqual({ requests: 3, errors: 1 });
    expect(stats.inFlightCount).toBe(0);
  });

  it('settles requests older than the timeout as unanswered errors, and ignores their late answers', () => {
    const stats = new ScenarioStats({ expectedStatuses });
    const old = stats.start('browse', 0);
    const young = stats.start('browse', 9_000);
    expect(stats.sweep(10_500, 10_000)).toBe(1);
    stats.finish(old, 200, 11_000);
    expect(stats.tally('browse')).toMatchObject({ requests: 1, errors: 1, unanswered: 1 });
    expect(stats.tally('browse').latencyMs.count).toBe(0);
    stats.finish(young, 200, 11_000);
    expect(stats.tally('browse')).toMatchObject({ requests: 2, errors: 1 });
  });

  it('forgets what is still on the wire at the end of the run', () => {
    const stats = new ScenarioStats({ expectedStatuses });
    const cut = stats.start('browse', 0);
    expect(stats.discardInFlight()).toBe(1);
    stats.finish(cut, 200, 5);
    expect(stats.totals()).toEqual({ requests: 0, errors: 0 });
  });

  it('bounds the in-flight set: past the cap the oldest request is settled as unanswered', () => {
    const stats = new ScenarioStats({ expectedStatuses, maxInFlight: 2 });
    stats.start('browse', 0);
    stats.start('browse', 1);
    stats.start('checkout', 2);
    expect(stats.inFlightCount).toBe(2);
    expect(stats.evicted).toBe(1);
    expect(stats.tally('browse')).toMatchObject({ requests: 1, errors: 1, unanswered: 1 });
  });

  it('rejects unknown scenarios', () => {
    expect(() => new ScenarioStats({ expectedStatuses }).start('search', 0)).toThrow(/unknown scenario search/);
  });
});
