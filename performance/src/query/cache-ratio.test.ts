import { describe, expect, it } from 'vitest';
import { cacheSummary } from './cache-ratio.js';
import type { SeriesAggregate } from './request-stats.js';

let nextId = 1;
const lookups = (operation: string, result: string, total: number): SeriesAggregate => {
  const id = nextId++;
  return {
    series: {
      id,
      service: 'shop',
      metric: 'stride.cache.lookups',
      kind: 'sum',
      unit: '{lookup}',
      attributes: { 'db.system.name': 'redis', 'db.operation.name': operation, 'cache.result': result },
    },
    aggregate: { seriesId: id, startMs: 0, count: 6, sum: total, min: 0, max: total, last: null, histogram: null },
  };
};

describe('cacheSummary', () => {
  it('sums hits and misses overall and per operation, busiest operation first', () => {
    const summary = cacheSummary([
      lookups('GET', 'hit', 90),
      lookups('GET', 'miss', 10),
      lookups('MGET', 'hit', 100),
      lookups('MGET', 'miss', 300),
    ]);
    expect(summary).toEqual({
      lookups: 500,
      hits: 190,
      misses: 310,
      hitRatio: 0.38,
      operations: [
        { system: 'redis', operation: 'MGET', lookups: 400, hits: 100, misses: 300, hitRatio: 0.25 },
        { system: 'redis', operation: 'GET', lookups: 100, hits: 90, misses: 10, hitRatio: 0.9 },
      ],
    });
  });

  it('answers a null ratio without lookups', () => {
    expect(cacheSummary([])).toEqual({ lookups: 0, hits: 0, misses: 0, hitRatio: null, operations: [] });
  });
});
