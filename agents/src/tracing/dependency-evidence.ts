// Spans named in one stride.depends_on; more would say nothing the first few do not.
const MAX_DEPENDENCIES = 8;

/**
 * Which earlier calls of one request produced the values a later call sends: the evidence behind "these calls
 * could run in parallel" (no dependency) or "this call needs that one's result" (a dependency).
 *
 * Values are scalar keys (ids, slugs, cache keys as strings). A value counts as *produced* by the first call whose
 * results held it — unless the request already knew it: values from the URL, and every parameter some call sent
 * before, are *known* and never attributed to a result. So `SELECT … WHERE id = $1 [42]` returning id 42 does not
 * make a later `… product_id = $1 [42]` depend on it; both used the 42 from `/products/42`.
 *
 * Example: span a (`SELECT id FROM products WHERE slug = $1 ['shoe']`) returns id 7; span b sends [7] →
 * dependsOn([7]) = ['a']. Bounded: at most `maxValues` produced and `maxValues` known values (oldest forgotten).
 */
export class DependencyEvidence {
  readonly #producers = new Map<string, string>();
  readonly #known = new Set<string>();

  constructor(private readonly maxValues = 256) {}

  /** Marks values the request started with (URL path segments, query values). */
  know(values: readonly string[]): void {
    for (const value of values) this.#addKnown(value);
  }

  /** Span ids of the calls whose results held any of `params` (first-seen order); the params become known. */
  dependsOn(params: readonly string[]): string[] {
    const found: string[] = [];
    for (const param of params) {
      const producer = this.#producers.get(param);
      if (producer !== undefined && found.length < MAX_DEPENDENCIES && !found.includes(producer)) found.push(producer);
      else if (producer === undefined) this.#addKnown(param);
    }
    return found;
  }

  /** Remembers the values in a call's results as produced by `spanId`, unless already known or produced. */
  remember(values: readonly string[], spanId: string): void {
    for (const value of values) {
      if (this.#known.has(value) || this.#producers.has(value)) continue;
      if (this.#producers.size >= this.maxValues) this.#producers.delete(this.#producers.keys().next().value!);
      this.#producers.set(value, spanId);
    }
  }

  #addKnown(value: string): void {
    if (this.#known.has(value)) return;
    if (this.#known.size >= this.maxValues) this.#known.delete(this.#known.values().next().value!);
    this.#known.add(value);
  }
}
