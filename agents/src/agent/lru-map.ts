export interface LruMapOptions<K, V> {
  /** Weight of an entry (e.g. the characters it holds); every entry weighs 1 when absent. */
  weigh?: (key: K, value: V) => number;
  /** Total weight kept; least recently used entries are evicted past it. */
  maxWeight?: number;
}

/**
 * A Map of at most `capacity` entries (and, with `weigh`, at most `maxWeight` in total) that evicts the least
 * recently used ones, relying on Map's insertion order: a hit re-inserts its key at the end, so the first key is
 * always the coldest. Example, capacity 2: set a, set b, get a, set c → holds [a, c] (b evicted).
 */
export class LruMap<K, V> {
  #map = new Map<K, { value: V; weight: number }>();
  #weight = 0;
  readonly #weigh: (key: K, value: V) => number;
  readonly #maxWeight: number;

  constructor(
    readonly capacity: number,
    { weigh = () => 1, maxWeight = Number.POSITIVE_INFINITY }: LruMapOptions<K, V> = {},
  ) {
    this.#weigh = weigh;
    this.#maxWeight = maxWeight;
  }

  get(key: K): V | undefined {
    const entry = this.#map.get(key);
    if (entry === undefined) return undefined;
    this.#map.delete(key);
    this.#map.set(key, entry);
    return entry.value;
  }

  /** Stores `value`; an entry heavier than maxWeight on its own is not kept. */
  set(key: K, value: V): void {
    this.delete(key);
    const weight = this.#weigh(key, value);
    if (weight > this.#maxWeight) return;
    this.#map.set(key, { value, weight });
    this.#weight += weight;
    while (this.#map.size > this.capacity || this.#weight > this.#maxWeight) {
      this.delete(this.#map.keys().next().value as K);
    }
  }

  delete(key: K): void {
    const entry = this.#map.get(key);
    if (entry === undefined) return;
    this.#map.delete(key);
    this.#weight -= entry.weight;
  }

  get size(): number {
    return this.#map.size;
  }

  /** Total weight of the entries held. */
  get weight(): number {
    return this.#weight;
  }
}
