import { describe, expect, it } from 'vitest';
import { attributesKey } from './series-registry.js';

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
