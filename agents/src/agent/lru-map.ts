/**
 * A Map of at most `capacity` entries that evicts the least recently used one, relying on Map's insertion order:
 * a hit re-inserts its key at the end, so the first key is always the coldest. Example, capacity 2: set a, set b,
 * get a, set c → holds [a, c] (b evicted).
 */
export class LruMap<K, V> {
  #map = new Map<K, V>();

  constructor(readonly capacity: number) {}

  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value === undefined) return undefined;
    this.#map.delete(key);
    this.#map.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.capacity) this.#map.delete(this.#map.keys().next().value as K);
  }

  get size(): number {
    return this.#map.size;
  }
}
