import { HistogramResetError } from './errors.js';

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

  /** Whether a ∪ b, with indices shifted right by aShift and bShift, spans at most `maxBuckets`. */
  static unionFits(a: Buckets, aShift: number, b: Buckets, bShift: number, maxBuckets: number): boolean {
    if (a.isEmpty) return b.isEmpty || (b.hi >> bShift) - (b.lo >> bShift) < maxBuckets;
    if (b.isEmpty) return (a.hi >> aShift) - (a.lo >> aShift) < maxBuckets;
    const lo = Math.min(a.lo >> aShift, b.lo >> bShift);
    const hi = Math.max(a.hi >> aShift, b.hi >> bShift);
    return hi - lo < maxBuckets;
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

  /** Adds `other`'s counts with its indices shifted right by `shift` (other is at a finer or equal scale). */
  addFrom(other: Buckets, shift: number, maxBuckets: number): void {
    if (other.hi < other.lo) return;
    const otherLo = other.lo >> shift;
    const otherHi = other.hi >> shift;
    const lo = this.hi < this.lo || otherLo < this.lo ? otherLo : this.lo;
    const hi = this.hi < this.lo || otherHi > this.hi ? otherHi : this.hi;
    this.place(lo, hi, Math.max(maxBuckets, hi - lo + 1));
    this.lo = lo;
    this.hi = hi;
    const dst = this.counts;
    const src = other.counts;
    if (shift === 0) {
      const delta = other.origin - this.origin;
      const end = other.hi - other.origin;
      for (let p = other.lo - other.origin; p <= end; p++) dst[p + delta]! += src[p]!;
    } else {
      for (let i = other.lo; i <= other.hi; i++) dst[(i >> shift) - this.origin]! += src[i - other.origin]!;
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

  /** Counts of [lo, hi] without copying (valid until the next change). */
  view(): Float64Array {
    return this.hi < this.lo
      ? this.counts.subarray(0, 0)
      : this.counts.subarray(this.lo - this.origin, this.hi - this.origin + 1);
  }

  /** Counts of [lo, hi] as a plain array (the OTLP `bucket_counts`). */
  toArray(): number[] {
    return this.hi < this.lo ? [] : Array.from(this.counts.subarray(this.lo - this.origin, this.hi - this.origin + 1));
  }

  /**
   * Replaces the contents with `counts` starting at `offset` (zeros at either end are trimmed). A Float64Array
   * is adopted, not copied: the caller hands over ownership.
   */
  load(offset: number, counts: ArrayLike<number>): void {
    this.reset();
    if (counts.length === 0) return;
    if (counts instanceof Float64Array) {
      this.counts = counts;
    } else {
      if (this.counts.length < counts.length) this.counts = new Float64Array(Math.max(16, counts.length));
      for (let j = 0; j < counts.length; j++) this.counts[j] = counts[j]!;
    }
    this.origin = offset;
    this.lo = offset;
    this.hi = offset + counts.length - 1;
    this.trim();
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
