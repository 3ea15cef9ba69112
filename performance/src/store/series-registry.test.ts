import { describe, expect, it } from 'vitest';
import { attributesKey, SeriesRegistry } from './series-registry.js';

/** The canonical form as first defined (stored in series.attrs_key, so it must never change). */
const reference = (attributes: Record<string, string>) =>
  JSON.stringify(
    Object.keys(attributes)
      .sort()
      .map((k) => [k, attributes[k]]),
  );

describe('attributesKey', () => {
  it('is JSON of the sorted pairs, whatever the key order and however values need escaping', () => {
    const sets: Record<string, string>[] = [
      { 'http.route': '/products/:id', 'http.request.method': 'GET' },
      { b: 'quote " and \\ backslash', a: 'line\nbreak\ttab\u0001' },
      { emoji: '😀', lone: '\ud800', accent: 'é' },
      {},
    ];
    for (const attributes of sets) expect(attributesKey(attributes)).toBe(reference(attributes));
    expect(attributesKey({ a: '1', b: '2' })).toBe(attributesKey({ b: '2', a: '1' }));
  });
});

describe('SeriesRegistry.resolve', () => {
  const descriptor = (route: string) => ({
    service: 'shop',
    metric: 'm',
    kind: 'histogram' as const,
    unit: 's',
    attributes: { 'http.route': route },
  });

  it('resolves a frozen descriptor by identity until load() replaces the index, and plain ones by key', () => {
    let nextId = 1;
    const inserted: string[] = [];
    const registry = new SeriesRegistry({
      maxSeriesPerMetric: 10,
      insert: (_d, key) => {
        inserted.push(key);
        return nextId++;
      },
    });
    const frozen = Object.freeze({ ...descriptor('/a'), attributes: Object.freeze({ 'http.route': '/a' }) });
    const first = registry.resolve(frozen);
    expect(registry.resolve(frozen)).toBe(first); // the cached resolution itself
    expect(registry.resolve(descriptor('/a'))).toEqual(first); // same series through the key
    expect(inserted).toHaveLength(1);
    registry.load([{ id: 42, ...descriptor('/a') }]); // e.g. after a rolled-back write
    expect(registry.resolve(frozen)).toEqual({ ref: expect.objectContaining({ id: 42 }), overflowed: false });
    const gauge = Object.freeze({ ...frozen, kind: 'gauge' as const });
    expect(registry.resolve(gauge)).toEqual({ rejected: 'm is stored as histogram, got a gauge point' });
  });
});
