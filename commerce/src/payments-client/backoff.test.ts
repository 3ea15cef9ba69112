import { describe, expect, it } from 'vitest';
import { backoffDelayMillis } from './backoff.js';

describe('backoffDelayMillis', () => {
  const options = { baseDelayMillis: 50, maxDelayMillis: 300 };

  it('doubles the ceiling per retry up to the maximum', () => {
    const top = (retry: number) => backoffDelayMillis(retry, { ...options, random: () => 0.999999 });
    expect([1, 2, 3, 4, 5].map(top)).toEqual([49, 99, 199, 299, 299]);
  });

  it('spreads delays uniformly below the ceiling (full jitter)', () => {
    expect(backoffDelayMillis(3, { ...options, random: () => 0 })).toBe(0);
    expect(backoffDelayMillis(3, { ...options, random: () => 0.5 })).toBe(100);
  });
});
