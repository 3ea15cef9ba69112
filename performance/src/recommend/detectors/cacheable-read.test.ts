import { describe, expect, it } from 'vitest';
import type { SpanRecord } from '../../ingest/spans.js';
import { analysisInput, request, T0 } from '../testing/trace-builder.js';
import { cacheableRead } from './cacheable-read.js';

const CATEGORY = 'select id, name, parent_id from categories where id = $1';
const STOCK = 'select qty from stock where sku = $1';

/**
 * 60 requests of `GET /products/:id`, one every 30 s over 30 min; each reads the category of the product
 * (5 categories, 6 ms) — the category of id k changes once, after 20 min — and the live stock (changes every call).
 */
function traces(): SpanRecord[][] {
  return Array.from({ length: 60 }, (_, i) => {
    const t = request({ route: '/products/:id', startMs: T0 + i * 30_000, durationMs: 40 });
    const category = i % 5;
    const version = i >= 40 && category === 0 ? 'v2' : 'v1';
    t.db(CATEGORY, { at: 2, ms: 6, paramsHash: `c${category}`, resultHash: `cat${category}-${version}` });
    t.db(STOCK, { at: 9, ms: 3, paramsHash: 'sku-1', resultHash: `qty-${i}` });
    return t.spans();
  });
}

describe('cacheable-read', () => {
  it('suggests a TTL from how long results stayed the same and replays a cache to estimate hits', () => {
    const [f, ...rest] = cacheableRead.detect(analysisInput({ traces: traces() }), cacheableRead.defaults);
    expect(rest).toEqual([]);
    expect(f!.route).toBe('GET /products/:id');
    expect(f!.evidence).toMatchObject({
      statement: CATEGORY,
      calls: 60,
      requests: 60,
      distinctParams: 5,
      resultChanges: 1,
      // Category 0 was read every 150 s and stayed v1 from 0 s to 1,050 s → capped at the 300 s maximum.
      suggestedTtlSeconds: 300,
      staleRatio: 0,
    });
    // Each category is read every 150 s, so a 300 s entry answers every other read: 30 of 60 are hits.
    expect(f!.evidence['hitRatio']).toBe(0.5);
    // Half the calls × (6 ms − 0.5 ms lookup); 2 calls/min over the hour window of analysisInput.
    expect(f!.impact.msSavedPerRequest).toBe(2.75);
    expect(f!.fix.code).toContain(`pool.query(\`${CATEGORY}\`, params)`);
    expect(f!.fix.code).toContain('const TTL_SECONDS = 300;');
  });

  it('caps the TTL at the observed stable period when results change, and refuses a stale-prone TTL', () => {
    const input = analysisInput({ traces: traces() });
    // Without the 300 s cap: the one ended run lasted 1,050 s (reads 0 … 1,050 s, changed by 1,200 s) → 900 s.
    // Replayed, that TTL serves category 0's four reads after the change from the old entry: 4 stale of 50 hits.
    expect(cacheableRead.detect(input, { ...cacheableRead.defaults, maxTtlSeconds: 3_600 })).toEqual([]);
    const [f] = cacheableRead.detect(input, { ...cacheableRead.defaults, maxTtlSeconds: 3_600, maxStaleRatio: 0.1 });
    expect(f!.evidence).toMatchObject({ suggestedTtlSeconds: 900, hitRatio: 0.833, staleRatio: 0.08 });
  });

  it('does not flag reads whose result changes each time, or reads without the hashes', () => {
    const noHashes = Array.from({ length: 30 }, (_, i) => {
      const t = request({ route: '/x', startMs: T0 + i * 1_000, durationMs: 10 });
      t.db(CATEGORY, { at: 1, ms: 5 });
      return t.spans();
    });
    expect(cacheableRead.detect(analysisInput({ traces: noHashes }), cacheableRead.defaults)).toEqual([]);
    const findings = cacheableRead.detect(analysisInput({ traces: traces() }), cacheableRead.defaults);
    expect(findings.map((f) => f.evidence['statement'])).not.toContain(STOCK);
  });

  it('needs enough calls across enough requests', () => {
    const few = traces().slice(0, 19);
    expect(cacheableRead.detect(analysisInput({ traces: few }), cacheableRead.defaults)).toEqual([]);
  });
});
