/**
 * Weighted choice between named entries by one uniform draw. Example: weights { browse: 60, detail: 25,
 * pricing: 10, checkout: 5 } make cumulative bounds 0.60, 0.85, 0.95, 1.00; a draw of 0.9 lands in pricing.
 */
export class WeightedMix<Name extends string> {
  private readonly names: Name[] = [];
  /** Upper bound of each entry's slice of [0, 1), in `names` order. */
  private readonly bounds: number[] = [];

  constructor(weights: Readonly<Record<Name, number>>) {
    const entries = (Object.entries(weights) as Array<[Name, number]>).filter(([, weight]) => weight > 0);
    for (const [name, weight] of Object.entries(weights) as Array<[Name, number]>) {
      if (!Number.isFinite(weight) || weight < 0) throw new RangeError(`weight of ${name} must be ≥ 0, got ${weight}`);
    }
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    if (total <= 0) throw new RangeError('a mix needs at least one entry with a positive weight');
    let cumulative = 0;
    for (const [name, weight] of entries) {
      cumulative += weight;
      this.names.push(name);
      this.bounds.push(cumulative / total);
    }
  }

  /** The entry whose slice holds `u` ∈ [0, 1); values outside are clamped, so a draw of exactly 1 is the last. */
  pick(u: number): Name {
    for (let i = 0; i < this.bounds.length; i++) {
      if (u < (this.bounds[i] as number)) return this.names[i] as Name;
    }
    return this.names[this.names.length - 1] as Name;
  }

  /** Each entry's share of the traffic, 0..1. */
  shares(): Record<Name, number> {
    const out = {} as Record<Name, number>;
    let previous = 0;
    this.names.forEach((name, i) => {
      const bound = this.bounds[i] as number;
      out[name] = bound - previous;
      previous = bound;
    });
    return out;
  }
}
