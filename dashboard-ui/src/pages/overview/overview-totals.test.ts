import { describe, expect, it } from 'vitest';
import { overviewTotals } from './overview-totals.js';

describe('overviewTotals', () => {
  it('weights the error rate by requests and finds the slowest service', () => {
    const totals = overviewTotals([
      { name: 'shop', requests: 900, requestRate: 15, errorRate: 0, apdex: 0.95, p95Ms: 120 },
      { name: 'payments', requests: 100, requestRate: 1.5, errorRate: 0.1, apdex: 0.9, p95Ms: 340 },
      { name: 'idle', requests: 0, requestRate: 0, errorRate: null, apdex: null, p95Ms: null },
    ]);
    expect(totals).toEqual({
      requestRate: 16.5,
      errorRate: 0.01,
      worstP95Ms: 340,
      worstP95Service: 'payments',
      needAttention: 1,
      worstHealth: 'red',
    });
  });

  it('colours the attention tile by the worst health, not by the count', () => {
    const base = { requests: 100, requestRate: 1, p95Ms: 100 };
    const amber = { ...base, name: 'amber', errorRate: 0.02, apdex: 0.97 };
    const alsoAmber = { ...base, name: 'also-amber', errorRate: 0, apdex: 0.8 };
    const red = { ...base, name: 'red', errorRate: 0.06, apdex: 0.97 };
    const green = { ...base, name: 'green', errorRate: 0, apdex: 0.99 };
    expect(overviewTotals([amber, alsoAmber, green])).toMatchObject({ needAttention: 2, worstHealth: 'amber' });
    expect(overviewTotals([amber, red, green])).toMatchObject({ needAttention: 2, worstHealth: 'red' });
    expect(overviewTotals([green])).toMatchObject({ needAttention: 0, worstHealth: 'green' });
    expect(overviewTotals([])).toMatchObject({ needAttention: 0, worstHealth: 'unknown' });
  });

  it('has no error rate without requests', () => {
    expect(overviewTotals([]).errorRate).toBeNull();
  });
});
