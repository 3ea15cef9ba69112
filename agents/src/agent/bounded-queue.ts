/**
 * FIFO of at most `capacity` items that drops the OLDEST item to make room and counts what it dropped
 * (Prometheus notifier queue). Example, capacity 2: push a, b, c → holds [b, c], push returned a, dropped = 1.
 */
export class BoundedQueue<T> {
  #items: T[] = [];
  #dropped = 0;

  constructor(readonly capacity: number) {}

  /** Appends `item`; returns the item dropped to make room, if any. */
  push(item: T): T | undefined {
    this.#items.push(item);
    return this.#items.length > this.capacity ? this.#drop(this.#items.shift()) : undefined;
  }

  shift(): T | undefined {
    return this.#items.shift();
  }

  /**
   * Puts a taken item back at the front (a failed send). If the queue filled up meanwhile, that item is the
   * oldest, so it is the one dropped and returned.
   */
  unshift(item: T): T | undefined {
    if (this.#items.length >= this.capacity) return this.#drop(item);
    this.#items.unshift(item);
    return undefined;
  }

  get length(): number {
    return this.#items.length;
  }

  get dropped(): number {
    return this.#dropped;
  }

  #drop(item: T | undefined): T | undefined {
    this.#dropped++;
    return item;
  }
}
