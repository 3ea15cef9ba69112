import { describe, expect, it } from 'vitest';
import { RECOMMENDATION_KINDS } from '../recommendation.js';
import { analysisInput } from '../testing/trace-builder.js';
import { DETECTORS } from './registry.js';

describe('detector registry', () => {
  it('has one detector per kind, every kind but regression (a separate detector)', () => {
    const kinds = DETECTORS.map((d) => d.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect([...kinds].sort()).toEqual(RECOMMENDATION_KINDS.filter((k) => k !== 'regression').sort());
  });

  it('gives every detector numeric defaults and finds nothing in an empty window', () => {
    for (const d of DETECTORS) {
      expect(Object.values(d.defaults).every((v) => typeof v === 'number' && Number.isFinite(v))).toBe(true);
      expect(d.detect(analysisInput(), d.defaults)).toEqual([]);
    }
  });
});
