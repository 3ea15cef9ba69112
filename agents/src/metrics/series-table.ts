import { type Attributes, OVERFLOW_ATTRIBUTES } from './attributes.js';

export interface Series<A> {
  attributes: Attributes;
  acc: A;
}

/**
 * One metric's accumulators for the current interval, keyed by a caller-built attribute key, e.g.
 * `GET\0/products/:id\0200` → { attributes: { http.request.method: 'GET', … }, acc: <histogram> }.
 * At most `maxSeries - 1` keyed series plus the overflow series exist, so memory stays bounded whatever the
 * attribute cardinality; `drain()` hands the interval's series over and starts empty (delta temporality).
 */
export class SeriesTable<A> {
  #series = new Map<string, Series<A>>();
  #overflow: Series<A> | undefined;

  constructor(
    private readonly create: () => A,
    private readonly maxSeries: number,
    /** Called once per measurement that lands in the overflow series. */
    private readonly onOverflow: () => void,
  ) {}

  /** The accumulator for `key`, creating its series (with `attributes`) when new and there is room. */
  get(key: string, attributes: Attributes): A {
    const existing = this.#series.get(key);
    if (existing) return existing.acc;
    if (this.#series.size < this.maxSeries - 1) {
      const series = { attributes, acc: this.create() };
      this.#series.set(key, series);
      return series.acc;
    }
    this.onOverflow();
    this.#overflow ??= { attributes: OVERFLOW_ATTRIBUTES, acc: this.create() };
    return this.#overflow.acc;
  }

  get size(): number {
    return this.#series.size + (this.#overflow ? 1 : 0);
  }

  drain(): Series<A>[] {
    const drained = [...this.#series.values()];
    if (this.#overflow) drained.push(this.#overflow);
    this.#series = new Map();
    this.#overflow = undefined;
    return drained;
  }
}
