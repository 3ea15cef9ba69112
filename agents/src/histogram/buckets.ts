import { HistogramResetError } from './errors.js';
import { lowerBoundary } from './mapping.js';

/**
 * Dense counts for one sign of an exponential histogram: bucket `index` lives at `counts[index - origin]`, and
 * `[lo, hi]` is the range of indices in use (empty when hi < lo). The backing array keeps slack on both sides so
 * a new index next to the range is usually a plain increment; it grows by doubling (never past `maxBuckets`)
 * and is only reallocated on growth, recentring or downscaling — never per observation in the steady state.
 *
 * Example: indices 5..7 with counts [2, 0, 1] in an 8-slot array might be origin 3,
 * counts = [0, 0, 2, 0, 1, 0, 0, 0], lo = 5, hi = 7.
 */
export class Buckets {
  counts: Float64Array;
  origin = 0;
  lo = 0;
  hi = -1;

  constructor(capacity = 0) {
    this.counts = new Float64Array(capacity);
  }

  get isEmpty(): boolean {
    return this.hi < this.lo;
  }

  get span(): number {
    return this.hi < this.lo ? 0 : this.hi - this.lo + 1;
  }

  get(index: number): number {
    const pos = index - this.origin;
    return pos >= 0 && pos < this.counts.length ? this.counts[pos]! : 0;
  }

  /** Adds `by` to bucket `index`; returns false (changing nothing) when the range would exceed `maxBuckets`. */
  increment(index: number, by: number, maxBuckets: number): boolean {
    if (this.hi < this.lo) {
      this.place(index, index, maxBuckets);
    } else if (index < this.lo || index > this.hi) {
      const lo = Math.min(index, this.lo);
      const hi = Math.max(index, this.hi);
      if (hi - lo + 1 > maxBuckets) return false;
      const pos = index - this.origin;
      if (pos < 0 || pos >= this.counts.length) this.place(lo, hi, maxBuckets);
      this.lo = lo;
      this.hi = hi;
    }
    this.counts[index - this.origin]! += by;
    return true;
  }

  /** Smallest shift k ≥ 1 such that the range including `index` fits in `maxBuckets` after `i >> k`. */
  shiftToFit(index: number, maxBuckets: number): number {
    const lo = this.hi < this.lo || index < this.lo ? index : this.lo;
    const hi = this.hi < this.lo || index > this.hi ? index : this.hi;
    let shift = 1;
    while ((hi >> shift) - (lo >> shift) + 1 > maxBuckets) shift++;
    return shift;
  }

  /** Makes room for [lo, hi] (span ≤ maxBuckets), keeping the current contents. */
  place(lo: number, hi: number, maxBuckets: number): void {
    const span = hi - lo + 1;
    const oldCapacity = this.counts.length;
    if (!this.isEmpty && lo >= this.origin && hi < this.origin + oldCapacity) return;
    let capacity = oldCapacity;
    if (span > capacity / 2) {
      capacity = Math.max(capacity * 2, 16);
      while (capacity < span) capacity *= 2;
      capacity = Math.max(Math.min(capacity, maxBuckets), span);
    }
    const origin = lo - ((capacity - span) >> 1);
    if (this.isEmpty) {
      if (capacity !== oldCapacity) this.counts = new Float64Array(capacity);
      this.origin = origin;
      this.lo = lo;
      this.hi = hi;
      return;
    }
    const used = this.counts.subarray(this.lo - this.origin, this.hi - this.origin + 1);
    if (capacity === oldCapacity) {
      const copy = used.slice();
      this.counts.fill(0);
      this.counts.set(copy, this.lo - origin);
    } else {
      const next = new Float64Array(capacity);
      next.set(used, this.lo - origin);
      this.counts = next;
    }
    this.origin = origin;
  }

  /** Merges every 2^shift adjacent buckets into one: index i becomes i >> shift. */
  downscale(shift: number): void {
    if (shift <= 0 || this.hi < this.lo) return;
    const lo = this.lo >> shift;
    const hi = this.hi >> shift;
    const capacity = this.counts.length;
    const origin = lo - ((capacity - (hi - lo + 1)) >> 1);
    const next = new Float64Array(capacity);
    for (let i = this.lo; i <= this.hi; i++) next[(i >> shift) - origin]! += this.counts[i - this.origin]!;
    this.counts = next;
    this.origin = origin;
    this.lo = lo;
    this.hi = hi;
  }

  /** Makes room to write indices [lo, hi] (non-empty) beside the used range, which stays as it is. */
  reserve(lo: number, hi: number, maxBuckets: number): void {
    if (this.hi < this.lo) {
      this.place(lo, hi, Math.max(maxBuckets, hi - lo + 1));
      this.lo = 0;
      this.hi = -1;
      return;
    }
    const newLo = lo < this.lo ? lo : this.lo;
    const newHi = hi > this.hi ? hi : this.hi;
    this.place(newLo, newHi, Math.max(maxBuckets, newHi - newLo + 1));
  }

  /** Extends the used range over [lo, hi] (reserved, and ending on the non-zero counts just written there). */
  include(lo: number, hi: number): void {
    if (this.hi < this.lo) {
      this.lo = lo;
      this.hi = hi;
    } else {
      if (lo < this.lo) this.lo = lo;
      if (hi > this.hi) this.hi = hi;
    }
  }

  cover(lo: number, hi: number, maxBuckets: number): void {
    this.reserve(lo, hi, maxBuckets);
    this.include(lo, hi);
  }

  /**
   * Adds `other`'s counts with its indices shifted right by `shift` (other is at a finer or equal scale). Costs
   * one step per bucket of other's used range [lo, hi], whatever its capacity; allocates only when this cannot
   * hold the union yet.
   */
  addFrom(other: Buckets, shift: number, maxBuckets: number): void {
    if (other.hi < other.lo) return;
    this.cover(other.lo >> shift, other.hi >> shift, maxBuckets);
    const dst = this.counts;
    const src = other.counts;
    const first = other.lo - other.origin;
    const last = other.hi - other.origin;
    // Adding the zeros too is faster than branching on them: sparse counts make that branch unpredictable.
    if (shift === 0) {
      const delta = other.origin - this.origin;
      for (let p = first; p <= last; p++) dst[p + delta]! += src[p]!;
    } else {
      const origin = this.origin;
      let index = other.lo;
      for (let p = first; p <= last; p++, index++) dst[(index >> shift) - origin]! += src[p]!;
    }
  }

  /**
   * Adds OTLP-style `counts` (bucket offset + j holds counts[j]) with indices shifted right by `shift`. The
   * caller has checked they are non-negative integers and that `[lo, hi]`, their non-zero range, fits.
   */
  addCounts(
    offset: number,
    counts: ArrayLike<number>,
    range: { lo: number; hi: number },
    shift: number,
    maxBuckets: number,
  ): void {
    if (range.hi < range.lo) return;
    this.cover(range.lo >> shift, range.hi >> shift, maxBuckets);
    const dst = this.counts;
    const origin = this.origin;
    for (let j = range.lo - offset, index = range.lo; index <= range.hi; j++, index++) {
      const c = counts[j]!;
      if (c !== 0) dst[(index >> shift) - origin]! += c;
    }
  }

  /** Subtracts `other` (indices shifted right by `shift`); throws HistogramResetError if any count would go negative. */
  subtract(other: Buckets, shift: number): void {
    for (let i = other.lo; i <= other.hi; i++) {
      const c = other.counts[i - other.origin]!;
      if (c === 0) continue;
      const target = i >> shift;
      if (target < this.lo || target > this.hi) {
        throw new HistogramResetError(
          `earlier snapshot has ${c} observations in bucket ${target} that the newer lacks`,
        );
      }
      const pos = target - this.origin;
      const left = this.counts[pos]! - c;
      if (left < 0) throw new HistogramResetError(`bucket ${target} would go negative (${left})`);
      this.counts[pos] = left;
    }
    this.trim();
  }

  /** Shrinks [lo, hi] past zero counts at either end. */
  trim(): void {
    while (this.lo <= this.hi && this.counts[this.lo - this.origin] === 0) this.lo++;
    while (this.hi >= this.lo && this.counts[this.hi - this.origin] === 0) this.hi--;
    if (this.hi < this.lo) this.reset();
  }

  /** Counts of [lo, hi] as a plain array (the OTLP `bucket_counts`). */
  toArray(): number[] {
    const out: number[] = [];
    for (let p = this.lo - this.origin, last = this.hi - this.origin; p <= last; p++) out.push(this.counts[p]!);
    return out;
  }

  /**
   * Empties the buckets lying entirely within (0, threshold] at `scale` (after a merge raised the zero threshold)
   * and returns how many observations they held, for the zero count.
   */
  takeAtOrBelow(threshold: number, scale: number): number {
    let taken = 0;
    while (this.lo <= this.hi && lowerBoundary(this.lo + 1, scale) <= threshold) {
      taken += this.counts[this.lo - this.origin]!;
      this.counts[this.lo - this.origin] = 0;
      this.trim();
    }
    return taken;
  }

  copyFrom(other: Buckets): void {
    this.counts = other.counts.slice();
    this.origin = other.origin;
    this.lo = other.lo;
    this.hi = other.hi;
  }

  /** Sum of all counts. */
  total(): number {
    let sum = 0;
    for (let i = this.lo; i <= this.hi; i++) sum += this.counts[i - this.origin]!;
    return sum;
  }

  reset(): void {
    if (this.hi >= this.lo) this.counts.fill(0, this.lo - this.origin, this.hi - this.origin + 1);
    this.lo = 0;
    this.hi = -1;
  }
}
