import { describe, expect, it } from 'vitest';
import { compareByAttention, healthOf } from './health.js';

describe('healthOf', () => {
  it.each([
    [{ apdex: 0.95, errorRate: 0 }, 'green'],
    [{ apdex: 0.85, errorRate: 0.01 }, 'green'],
    [{ apdex: 0.84, errorRate: 0 }, 'amber'],
    [{ apdex: 0.99, errorRate: 0.011 }, 'amber'],
    [{ apdex: 0.69, errorRate: 0 }, 'red'],
    [{ apdex: 0.99, errorRate: 0.051 }, 'red'],
    [{ apdex: 0.8, errorRate: 0.06 }, 'red'],
    [{ apdex: null, errorRate: 0.02 }, 'amber'],
    [{ apdex: null, errorRate: null }, 'unknown'],
    [{ apdex: 1, errorRate: 0, requests: 0 }, 'unknown'],
  ] as const)('%j → %s', (stats, expected) => {
    expect(healthOf(stats)).toBe(expected);
  });

  it('takes custom thresholds', () => {
    expect(
      healthOf({ apdex: 0.9, errorRate: 0 }, { apdexRed: 0.95, apdexAmber: 0.98, errorRateRed: 1, errorRateAmber: 1 }),
    ).toBe('red');
  });
});

describe('compareByAttention', () => {
  it('puts red first, then worse apdex, then more errors, then busier; no data last', () => {
    const services = [
      { name: 'idle', apdex: null, errorRate: null, requests: 0 },
      { name: 'fine', apdex: 0.99, errorRate: 0, requests: 10 },
      { name: 'busy-fine', apdex: 0.99, errorRate: 0, requests: 500 },
      { name: 'slow', apdex: 0.6, errorRate: 0, requests: 10 },
      { name: 'failing', apdex: 0.9, errorRate: 0.2, requests: 10 },
      { name: 'meh', apdex: 0.8, errorRate: 0, requests: 10 },
    ];
    expect([...services].sort((a, b) => compareByAttention(a, b)).map((s) => s.name)).toEqual([
      'slow',
      'failing',
      'meh',
      'busy-fine',
      'fine',
      'idle',
    ]);
  });
});
