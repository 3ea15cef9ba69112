import { type Attributes, OVERFLOW_ATTRIBUTES } from './attributes.js';

export interface Series<A> {
  attributes: Attributes;
  acc: A;
}

/** How a table makes and empties accumulators (an Aggregator's create and reset). */
export interface AccumulatorFactory<A> {
  create(): A;
  reset(acc: A): void;
}

/**
 * One metric's accumulators for the current interval, keyed by a caller-built attribute key, e.g.
 * `GET\0/products/:id\0200` → { attributes: { http.request.method: 'GET', … }, acc: <histogram> }.
 * At most `maxSeries - 1` keyed series plus the overflow series exist, so memory stays bounded whatever the
 * attribute cardinality; `drain()` hands the interval's series over and starts empty (delta temporality).
 *
 * Accumulators are recycled: once the drained series were exported, `recycle()` empties them into a spare pool that
 * the next interval draws from. With 3,000 live histogram series that saves allocating 3,000 histograms (and their
 * bucket arrays, outside the V8 heap) every flush. The pool is trimmed at each drain to that interval's series
 * count, so it follows the live cardinality instead of remembering a past burst.
 */
export class SeriesTable<A> {
  #series = new Map<string, Series<A>>();
  #overflow: Series<A> | undefined;
  readonly #spare: A[] = [];

  constructor(
    private readonly factory: AccumulatorFactory<A>,
    private readonly maxSeries: number,
    /** Called once per measurement that lands in the overflow series. */
    private readonly onOverflow: () => void,
  ) {}

  /** The accumulator for `key`, creating its series (with `attributes`) when new and there is room. */
  get(key: string, attributes: Attributes): A {
    const existing = this.#series.get(key);
    if (existing) return existing.acc;
    if (this.#series.size < this.maxSeries - 1) {
      const series = { attributes, acc: this.#take() };
      this.#series.set(key, series);
      return series.acc;
    }
    this.onOverflow();
    this.#overflow ??= { attributes: OVERFLOW_ATTRIBUTES, acc: this.#take() };
    return this.#overflow.acc;
  }

  get size(): number {
    return this.#series.size + (this.#overflow ? 1 : 0);
  }

  /** Accumulators waiting in the spare pool. */
  get spareCount(): number {
    return this.#spare.length;
  }

  drain(): Series<A>[] {
    const drained = [...this.#series.values()];
    if (this.#overflow) drained.push(this.#overflow);
    this.#series = new Map();
    this.#overflow = undefined;
    // Spares this interval did not need stay only up to its cardinality, so a past burst of series is not kept.
    if (this.#spare.length > drained.length) this.#spare.length = drained.length;
    return drained;
  }

  /** Takes back drained series whose data has been read: their accumulators are emptied and reused. */
  recycle(series: readonly Series<A>[]): void {
    for (const { acc } of series) {
      if (this.#spare.length >= this.maxSeries) return;
      this.factory.reset(acc);
      this.#spare.push(acc);
    }
  }

  #take(): A {
    return this.#spare.pop() ?? this.factory.create();
  }
}
