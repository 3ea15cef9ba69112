import { describe, expect, it } from 'vitest';
import type { CacheSummary } from '../../query/cache-ratio.js';
import { analysisInput, request, T0 } from '../testing/trace-builder.js';
import { lowCacheHitRatio } from './low-cache-hit-ratio.js';

const cache = (hits: number, misses: number): CacheSummary => ({
  lookups: hits + misses,
  hits,
  misses,
  hitRatio: hits / (hits + misses),
  operations: [
    { system: 'redis', operation: 'GET', lookups: hits + misses, hits, misses, hitRatio: hits / (hits + misses) },
  ],
});

/** A product page: cache GET, and on a miss the product query (12 ms) that fills it. */
function page(i: number, hit: boolean) {
  const t = request({ route: '/products/:id', startMs: T0 + i * 1_000, durationMs: 30 });
  t.redis('GET', { at: 1, ms: 0.5, prefix: 'product', result: hit ? 'hit' : 'miss' });
  if (!hit) t.db('select * from products where id = $1', { at: 2, ms: 12 });
  t.redis('GET', { at: 20, ms: 0.4, prefix: 'session', result: 'hit' });
  return t.spans();
}

describe('low-cache-hit-ratio', () => {
  it('measures the miss cost from the fill call and names the worst key family', () => {
    const traces = Array.from({ length: 10 }, (_, i) => page(i, i % 5 === 0));
    // 6,000 lookups/h at 40 %: 100/min, 60 misses/min; lifting to 80 % avoids 40 misses/min × 12 ms.
    const [f] = lowCacheHitRatio.detect(
      analysisInput({ traces, cache: cache(2_400, 3_600) }),
      lowCacheHitRatio.defaults,
    );
    expect(f!.evidence).toMatchObject({ hitRatio: 0.4, meanFillMs: 12, fillSource: 'call after miss' });
    expect(f!.evidence['keyFamilies']).toEqual([
      { prefix: 'product', lookups: 10, hitRatio: 0.2 },
      { prefix: 'session', lookups: 10, hitRatio: 1 },
    ]);
    expect(f!.impact.msSavedPerMinute).toBe(480);
    // One miss per missing request × (0.8 − 0.4) / 0.6 avoidable × 12 ms.
    expect(f!.impact.msSavedPerRequest).toBe(8);
    expect(f!.fix.code).toContain(`\`product:\${id}\``);
  });

  it('does not flag a healthy ratio or too few lookups', () => {
    expect(lowCacheHitRatio.detect(analysisInput({ cache: cache(9_000, 1_000) }), lowCacheHitRatio.defaults)).toEqual(
      [],
    );
    expect(lowCacheHitRatio.detect(analysisInput({ cache: cache(100, 400) }), lowCacheHitRatio.defaults)).toEqual([]);
    expect(lowCacheHitRatio.detect(analysisInput({ cache: null }), lowCacheHitRatio.defaults)).toEqual([]);
  });
});
