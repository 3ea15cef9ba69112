import { describe, expect, it } from 'vitest';
import type { SeriesDescriptor } from './points.js';
import { SeriesCache } from './series-cache.js';

const descriptor = (route: string): SeriesDescriptor => ({
  service: 'shop',
  metric: 'm',
  kind: 'histogram',
  unit: 's',
  attributes: { 'http.route': route },
});

describe('SeriesCache', () => {
  it('returns the frozen descriptor it stored, per metric key and attribute key', () => {
    const cache = new SeriesCache();
    const a = cache.set('m1', 'attrs-a', descriptor('/a'));
    expect(Object.isFrozen(a) && Object.isFrozen(a.attributes)).toBe(true);
    expect(cache.get('m1', 'attrs-a')).toBe(a);
    expect(cache.get('m2', 'attrs-a')).toBeUndefined();
    expect(cache.get('m1', 'attrs-b')).toBeUndefined();
  });

  it('stays within maxEntries, dropping what went unseen for a generation and counting it', () => {
    const cache = new SeriesCache({ maxEntries: 4 });
    const a = cache.set('m', 'a', descriptor('/a'));
    cache.set('m', 'b', descriptor('/b')); // young {a, b} is full
    cache.set('m', 'c', descriptor('/c')); // → old {a, b}, young {c}
    expect(cache.get('m', 'a')).toBe(a); // moved to young {c, a}: full
    cache.set('m', 'd', descriptor('/d')); // → old {c, a}, young {d}: b is dropped
    expect(cache.get('m', 'b')).toBeUndefined();
    expect(cache.get('m', 'a')).toBe(a);
    expect(cache.stats()).toEqual({ entries: 3, dropped: 1 });
    for (let i = 0; i < 100; i++) cache.set('m', `x${i}`, descriptor(`/x${i}`));
    expect(cache.stats().entries).toBeLessThanOrEqual(4);
    expect(cache.stats().dropped).toBeGreaterThan(90);
  });

  it('rejects a bound below 2', () => {
    expect(() => new SeriesCache({ maxEntries: 1 })).toThrow(RangeError);
  });
});
