import type { SeriesDescriptor } from './points.js';

export interface SeriesCacheStats {
  entries: number;
  /** Descriptors dropped because the cache was full (each is rebuilt on its next sighting). */
  dropped: number;
}

type Generation = Map<string, Map<string, SeriesDescriptor>>;

/**
 * Frozen SeriesDescriptors by two cheap keys — the metric's (`kind\0service\0metric\0unit\0`, one string per
 * metric of a request) and the data point's raw attribute bytes as a latin1 string — so a series seen before costs
 * ingest two Map lookups instead of decoding, validating and sorting its attributes again, and the store resolves
 * the same frozen object by identity (SeriesRegistry).
 *
 * Bounded at `maxEntries` descriptors as two generations: lookups try the young one, then the old one (a hit
 * there moves the entry to the young one); when the young one holds maxEntries / 2, the old one is dropped
 * (counted) and the young one becomes old. So what went unseen for a whole generation goes first, at O(1) per
 * operation. Example with maxEntries 4: young {a, b} fills → old {a, b}; c, a → young {c, a} fills → b dropped.
 */
export class SeriesCache {
  private young: Generation = new Map();
  private old: Generation = new Map();
  private youngSize = 0;
  private oldSize = 0;
  private readonly generationSize: number;
  private dropped = 0;

  constructor({ maxEntries = 100_000 }: { maxEntries?: number } = {}) {
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 2) {
      throw new RangeError(`maxEntries must be an integer ≥ 2, got ${maxEntries}`);
    }
    this.generationSize = Math.floor(maxEntries / 2);
  }

  get(metricKey: string, attributesKey: string): SeriesDescriptor | undefined {
    const hit = this.young.get(metricKey)?.get(attributesKey);
    if (hit !== undefined) return hit;
    const byAttributes = this.old.get(metricKey);
    const aged = byAttributes?.get(attributesKey);
    if (aged !== undefined) {
      byAttributes!.delete(attributesKey);
      this.oldSize--;
      this.set(metricKey, attributesKey, aged);
    }
    return aged;
  }

  /** Stores a descriptor, frozen here with its attributes (the store may key on its identity); returns it. */
  set(metricKey: string, attributesKey: string, descriptor: SeriesDescriptor): SeriesDescriptor {
    Object.freeze(descriptor.attributes);
    Object.freeze(descriptor);
    if (this.youngSize >= this.generationSize) {
      this.dropped += this.oldSize;
      this.old = this.young;
      this.oldSize = this.youngSize;
      this.young = new Map();
      this.youngSize = 0;
    }
    let byAttributes = this.young.get(metricKey);
    if (byAttributes === undefined) {
      byAttributes = new Map();
      this.young.set(metricKey, byAttributes);
    }
    if (!byAttributes.has(attributesKey)) this.youngSize++;
    byAttributes.set(attributesKey, descriptor);
    return descriptor;
  }

  stats(): SeriesCacheStats {
    return { entries: this.youngSize + this.oldSize, dropped: this.dropped };
  }
}
