import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBlockBuilder } from './rollup-block-timer.js';
import type { RollupBlocks } from './rollup-blocks.js';

describe('rollup block timer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('builds every interval, comes back after 100 ms while work is left, and stops', () => {
    vi.useFakeTimers();
    let left = 3;
    const steps: number[] = [];
    const blocks = {
      buildStep(nowMs: number) {
        steps.push(nowMs);
        left = Math.max(0, left - 1);
        return left > 0;
      },
    } as unknown as RollupBlocks;
    const builder = createBlockBuilder(() => blocks, { nowMs: () => 42, intervalMillis: 2_000 });
    vi.advanceTimersByTime(1_999);
    expect(steps).toEqual([]);
    vi.advanceTimersByTime(1);
    // One tick runs steps while they report more work and time allows (~50 ms, far more than these take).
    expect(steps).toEqual([42, 42, 42]);
    vi.advanceTimersByTime(1_999);
    expect(steps).toHaveLength(3);
    vi.advanceTimersByTime(1);
    expect(steps).toHaveLength(4);
    builder.stop();
    vi.advanceTimersByTime(10_000);
    expect(steps).toHaveLength(4);
  });

  it('retries after a failed step and builds nothing when blocks are off', () => {
    vi.useFakeTimers();
    let calls = 0;
    const failing = {
      buildStep() {
        calls++;
        throw new Error('disk full');
      },
    } as unknown as RollupBlocks;
    const builder = createBlockBuilder(() => failing, { nowMs: () => 0, intervalMillis: 1_000 });
    vi.advanceTimersByTime(3_000);
    expect(calls).toBe(3);
    builder.stop();
    const none = createBlockBuilder(() => null, { nowMs: () => 0, intervalMillis: 1_000 });
    expect(() => vi.advanceTimersByTime(3_000)).not.toThrow();
    none.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
