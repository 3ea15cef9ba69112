/**
 * Seeded pseudo-random numbers (mulberry32: 32-bit state, full period 2^32, fast and good enough for test
 * data), so the same seed and scale always produce the same rows, byte for byte.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /**
   * Integer in [0, n) skewed toward 0: P(result < n·x) = x^(1/power). With power 3, the first 0.1% of n get
   * 10% of the draws — a few heavy users with thousands of orders, as in real shops.
   */
  skewed(n: number, power: number): number {
    return Math.min(n - 1, Math.floor(n * this.next() ** power));
  }

  /** `count` distinct integers from [0, n), in draw order (count ≤ n). */
  distinct(n: number, count: number): number[] {
    const seen = new Set<number>();
    while (seen.size < Math.min(count, n)) seen.add(Math.floor(this.next() * n));
    return [...seen];
  }
}
