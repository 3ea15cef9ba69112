import { groupBy, type SeriesAggregate } from './request-stats.js';
import { ATTR_CACHE_RESULT, ATTR_DB_OPERATION, ATTR_DB_SYSTEM } from './telemetry-names.js';

export interface CacheCounts {
  lookups: number;
  hits: number;
  misses: number;
  /** hits / (hits + misses); null without lookups. */
  hitRatio: number | null;
}

export interface CacheSummary extends CacheCounts {
  operations: (CacheCounts & { system: string | null; operation: string | null })[];
}

function count(items: readonly SeriesAggregate[]): CacheCounts {
  let hits = 0;
  let misses = 0;
  for (const { series, aggregate } of items) {
    // A delta sum's `sum` is the increase over the range: the number of lookups with that result.
    if (series.attributes[ATTR_CACHE_RESULT] === 'hit') hits += aggregate.sum;
    else if (series.attributes[ATTR_CACHE_RESULT] === 'miss') misses += aggregate.sum;
  }
  const lookups = hits + misses;
  return { lookups, hits, misses, hitRatio: lookups > 0 ? hits / lookups : null };
}

/** Hit ratio overall and per (system, operation) from `stride.cache.lookups`, busiest operation first. */
export function cacheSummary(items: readonly SeriesAggregate[]): CacheSummary {
  const key = (i: SeriesAggregate) =>
    JSON.stringify([i.series.attributes[ATTR_DB_SYSTEM] ?? null, i.series.attributes[ATTR_DB_OPERATION] ?? null]);
  const operations = [...groupBy(items, key)].map(([k, group]) => {
    const [system, operation] = JSON.parse(k) as [string | null, string | null];
    return { system, operation, ...count(group) };
  });
  operations.sort((a, b) => b.lookups - a.lookups || (a.operation ?? '').localeCompare(b.operation ?? ''));
  return { ...count(items), operations };
}
