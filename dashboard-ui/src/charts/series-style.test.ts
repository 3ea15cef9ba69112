import { describe, expect, it } from 'vitest';
import { DEFAULT_LINE_STYLE, drawOrder, percentileStyle } from './series-style.js';

describe('series styles', () => {
  it('draws p99 wide and translucent, p95 dashed, p50 and other series solid', () => {
    const p50 = percentileStyle('p50');
    const p95 = percentileStyle('p95');
    const p99 = percentileStyle('p99');
    expect(p50).toEqual(DEFAULT_LINE_STYLE);
    expect(p95.strokeDasharray).toBe('6 3');
    expect(p99.strokeWidth).toBeGreaterThan(p95.strokeWidth * 2);
    expect(p99.strokeOpacity).toBeLessThan(1);
    expect(percentileStyle('P99.9')).toEqual(p99);
    expect(percentileStyle('Heap used')).toEqual(DEFAULT_LINE_STYLE);
  });

  it('paints wider lines first, so an equal p95 stays visible on top of p99', () => {
    const styles = ['p50', 'p95', 'p99'].map(percentileStyle);
    expect(drawOrder(styles)).toEqual([2, 0, 1]);
    expect(drawOrder([{}, { strokeWidth: 1.8 }, {}])).toEqual([0, 1, 2]);
  });
});
