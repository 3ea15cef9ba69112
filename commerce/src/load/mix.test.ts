import { describe, expect, it } from 'vitest';
import { Random } from '../seed/random.js';
import { WeightedMix } from './mix.js';

describe('WeightedMix', () => {
  const mix = new WeightedMix({ browse: 60, detail: 25, pricing: 10, checkout: 5 });

  it('maps a draw to the entry whose cumulative slice holds it', () => {
    expect([0, 0.59, 0.6, 0.84, 0.85, 0.9, 0.95, 0.999].map((u) => mix.pick(u))).toEqual([
      'browse',
      'browse',
      'detail',
      'detail',
      'pricing',
      'pricing',
      'checkout',
      'checkout',
    ]);
  });

  it('clamps draws outside [0, 1)', () => {
    expect(mix.pick(1)).toBe('checkout');
    expect(mix.pick(-0.5)).toBe('browse');
  });

  it('reports the shares, normalised by the total weight', () => {
    const shares = new WeightedMix({ a: 3, b: 1 }).shares();
    expect(shares).toEqual({ a: 0.75, b: 0.25 });
  });

  it('never picks an entry of weight 0', () => {
    const noCheckout = new WeightedMix({ browse: 60, checkout: 0 });
    expect([0, 0.5, 0.99, 1].map((u) => noCheckout.pick(u))).toEqual(['browse', 'browse', 'browse', 'browse']);
  });

  it('produces the 60/25/10/5 mix over many uniform draws', () => {
    const random = new Random(7);
    const counts = { browse: 0, detail: 0, pricing: 0, checkout: 0 };
    for (let i = 0; i < 100_000; i++) counts[mix.pick(random.next())]++;
    expect(counts.browse / 100_000).toBeCloseTo(0.6, 2);
    expect(counts.detail / 100_000).toBeCloseTo(0.25, 2);
    expect(counts.pricing / 100_000).toBeCloseTo(0.1, 2);
    expect(counts.checkout / 100_000).toBeCloseTo(0.05, 2);
  });

  it('rejects negative weights and an all-zero mix', () => {
    expect(() => new WeightedMix({ a: -1, b: 2 })).toThrow(/weight of a must be ≥ 0/);
    expect(() => new WeightedMix({ a: 0 })).toThrow(/positive weight/);
  });
});
