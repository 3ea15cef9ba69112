import { Buckets } from './buckets.js';
import { addEncodedAtScale } from './encoded-merge.js';
import { HistogramResetError } from './errors.js';
import { encodeHistogram } from './histogram-codec.js';
import {
  type ExponentialHistogramData,
  type ExponentialHistogramOptions,
  validateHistogramParts,
} from './histogram-data.js';
import { boundsOf, countAtOrBelowOf, type HistogramState, quantileOf } from './histogram-queries.js';
import { addScannedSide, EncodedScan } from './histogram-scan.js';
import { MAX_SCALE, MIN_SCALE, mapToIndex } from './mapping.js';
import { finestCommonScale, nonZeroRange } from './scale-fit.js';

export { HistogramDecodeError, HistogramResetError } from './errors.js';
export type { ExponentialHistogramData, ExponentialHistogramOptions, HistogramBuckets } from './histogram-data.js';

/**
 * Mergeable latency histogram with bounded relative error (OTLP base-2 exponential histogram).
 *
 * It starts at `maxScale` (buckets 0.00007% wide) and halves its resolution whenever one sign's buckets would
 * span more than `maxBuckets`, exactly as the OpenTelemetry SDKs do. Example with maxBuckets 2048: recording
 * 1 µs and 100 s (a ratio of 2^26.6) settles at scale 6, where 26.6 × 64 = 1,702 buckets each 1.09% wide;
 * quantiles are then within 0.55% of the true order statistic.
 */
export class ExponentialHistogram {
  private readonly maxBuckets: number;
  private readonly maxScale: number;
  private _scale: number;
  private _count = 0;
  private _sum = 0;
  private _min = Number.POSITIVE_INFINITY;
  private _max = Number.NEGATIVE_INFINITY;
  private _zeroCount = 0;
  private _zeroThreshold = 0;
  private readonly positive = new Buckets();
  private readonly negative = new Buckets();
  /** Reused by mergeEncoded so merging a blob allocates nothing once this spans it. */
  private scan: EncodedScan | undefined;

  constructor(options: ExponentialHistogramOptions = {}) {
    const { maxBuckets = 2048, maxScale = MAX_SCALE } = options;
    if (!Number.isInteger(maxBuckets) || maxBuckets < 4)
      throw new RangeError(`maxBuckets must be an integer ≥ 4, got ${maxBuckets}`);
    if (!Number.isInteger(maxScale) || maxScale < MIN_SCALE || maxScale > MAX_SCALE) {
      throw new RangeError(`maxScale must be an integer in [${MIN_SCALE}, ${MAX_SCALE}], got ${maxScale}`);
    }
    this.maxBuckets = maxBuckets;
    this.maxScale = maxScale;
    this._scale = maxScale;
  }

  get count(): number {
    return this._count;
  }
  get sum(): number {
    return this._sum;
  }
  get min(): number {
    return this._min;
  }
  get max(): number {
    return this._max;
  }
  get scale(): number {
    return this._scale;
  }
  get zeroCount(): number {
    return this._zeroCount;
  }
  get zeroThreshold(): number {
    return this._zeroThreshold;
  }
  get options(): Required<ExponentialHistogramOptions> {
    return { maxBuckets: this.maxBuckets, maxScale: this.maxScale };
  }

  /**
   * Records `value` `count` times. Returns false (and records nothing) for NaN and ±Infinity, and for a
   * `count` that is not a positive safe integer. Negative values go to the negative buckets, 0 (and anything
   * within zeroThreshold) to zeroCount.
   */
  record(value: number, count = 1): boolean {
    if (value - value !== 0 || !(count > 0) || !Number.isSafeInteger(count)) return false;
    this._count += count;
    this._sum += value * count;
    if (value < this._min) this._min = value;
    if (value > this._max) this._max = value;
    const magnitude = value < 0 ? -value : value;
    if (magnitude <= this._zeroThreshold) {
      this._zeroCount += count;
      return true;
    }
    const buckets = value > 0 ? this.positive : this.negative;
    let index = mapToIndex(magnitude, this._scale);
    while (!buckets.increment(index, count, this.maxBuckets)) {
      const shift = buckets.shiftToFit(index, this.maxBuckets);
      this.downscale(shift);
      index >>= shift;
    }
    return true;
  }

  /** Adds every observation of `other` into this one, downscaling either side as needed. */
  merge(other: ExponentialHistogram): this {
    if (other._count === 0) return this;
    const scale = finestCommonScale(this.state(), other.state(), Math.min(this._scale, other._scale), this.maxBuckets);
    if (scale < this._scale) this.downscale(this._scale - scale);
    const shift = other._scale - scale;
    this.positive.addFrom(other.positive, shift, this.maxBuckets);
    this.negative.addFrom(other.negative, shift, this.maxBuckets);
    this.addTotals(other._count, other._sum, other._zeroCount, other._min, other._max, other._zeroThreshold);
    if (this._zeroThreshold > 0) this.absorbIntoZero();
    return this;
  }

  /**
   * Same result as `merge(ExponentialHistogram.decode(bytes, this.options))` for `encode()` output, without
   * materialising it: one pass over the blob's varints validates it and adds each count at its index here
   * (downscaled on the fly when the blob's scale is finer), allocating nothing once this spans the blob. Corrupt
   * bytes throw HistogramDecodeError with this unchanged. The query hot path (bench/histogram-ops.ts times it).
   */
  mergeEncoded(bytes: Uint8Array): this {
    this.scan ??= new EncodedScan();
    const scan = this.scan;
    if (!addEncodedAtScale(bytes, scan, this._scale, this.positive, this.negative, this.maxBuckets)) {
      // Rare once a query is under way: the blob is coarser than this, needs this downscaled to fit, or lacks min/max.
      return this.merge(ExponentialHistogram.decode(bytes, this.options));
    }
    if (scan.count === 0) return this;
    this.addTotals(scan.count, scan.sum, scan.zeroCount, scan.min, scan.max, scan.zeroThreshold);
    if (this._zeroThreshold > 0) this.absorbIntoZero();
    return this;
  }

  /** Merges every blob (encode() output) into one new histogram with `options`: a query's aggregate. */
  static mergeAllEncoded(blobs: Iterable<Uint8Array>, options?: ExponentialHistogramOptions): ExponentialHistogram {
    const h = new ExponentialHistogram(options);
    for (const bytes of blobs) h.mergeEncoded(bytes);
    return h;
  }

  /**
   * `this − earlier` for two cumulative snapshots of one stream; throws HistogramResetError if earlier is not a
   * prefix (a bucket, the zero count or the count would go negative). Both are brought to the lower scale first.
   *
   * min/max of the result are the newer snapshot's: the delta's own extremes cannot be recovered from two
   * cumulative snapshots, but the delta is a subset of the newer's observations, so its min/max bound the
   * delta's from outside and quantile clamping stays valid. An empty delta gets +Infinity/−Infinity.
   */
  diff(earlier: ExponentialHistogram): ExponentialHistogram {
    if (earlier._count > this._count) {
      throw new HistogramResetError(`count went down from ${earlier._count} to ${this._count}`);
    }
    if (earlier._zeroCount > this._zeroCount) {
      throw new HistogramResetError(`zero count went down from ${earlier._zeroCount} to ${this._zeroCount}`);
    }
    const result = this.clone();
    const scale = Math.min(this._scale, earlier._scale);
    if (result._scale > scale) result.downscale(result._scale - scale);
    result.positive.subtract(earlier.positive, earlier._scale - scale);
    result.negative.subtract(earlier.negative, earlier._scale - scale);
    result._count -= earlier._count;
    result._zeroCount -= earlier._zeroCount;
    result._sum -= earlier._sum;
    if (result._count === 0) {
      result._sum = 0;
      result._min = Number.POSITIVE_INFINITY;
      result._max = Number.NEGATIVE_INFINITY;
    }
    return result;
  }

  /**
   * Value at quantile q ∈ [0,1]; NaN when empty or q is outside [0,1]. Nearest rank (the ⌈q·count⌉-th smallest),
   * within 0.55% at scale ≥ 6 and clamped to [min, max]; quantile(0) is min and quantile(1) is max exactly.
   */
  quantile(q: number): number {
    return quantileOf(this.state(), q);
  }

  /** Estimated number of observations ≤ value (for apdex): exact but for the bucket holding `value`. */
  countAtOrBelow(value: number): number {
    return countAtOrBelowOf(this.state(), value);
  }

  clone(): ExponentialHistogram {
    const copy = new ExponentialHistogram({ maxBuckets: this.maxBuckets, maxScale: this.maxScale });
    copy._scale = this._scale;
    copy._count = this._count;
    copy._sum = this._sum;
    copy._min = this._min;
    copy._max = this._max;
    copy._zeroCount = this._zeroCount;
    copy._zeroThreshold = this._zeroThreshold;
    copy.positive.copyFrom(this.positive);
    copy.negative.copyFrom(this.negative);
    return copy;
  }

  /** Empties the histogram and returns it to maxScale, keeping its bucket arrays (no allocation). */
  reset(): void {
    this._count = 0;
    this._sum = 0;
    this._min = Number.POSITIVE_INFINITY;
    this._max = Number.NEGATIVE_INFINITY;
    this._zeroCount = 0;
    this.positive.reset();
    this.negative.reset();
    this._scale = this.maxScale;
  }

  toData(): ExponentialHistogramData {
    return {
      scale: this._scale,
      zeroCount: this._zeroCount,
      zeroThreshold: this._zeroThreshold,
      positive: { offset: this.positive.isEmpty ? 0 : this.positive.lo, counts: this.positive.toArray() },
      negative: { offset: this.negative.isEmpty ? 0 : this.negative.lo, counts: this.negative.toArray() },
      count: this._count,
      sum: this._sum,
      min: this._min,
      max: this._max,
    };
  }

  /**
   * Builds a histogram from OTLP-shaped data, validating it (HistogramDecodeError on negative or fractional
   * counts, a scale outside [-10, 20], or count ≠ zeroCount + Σ buckets). Data finer than `maxScale`, or wider
   * than `maxBuckets`, is downscaled. Missing extremes (non-finite min/max with count > 0, as some producers
   * omit them) are taken from the outermost non-empty buckets.
   */
  static fromData(data: ExponentialHistogramData, options?: ExponentialHistogramOptions): ExponentialHistogram {
    validateHistogramParts(data);
    return ExponentialHistogram.fromValidatedData(data, options);
  }

  /**
   * fromData without re-validating, for data the caller has already checked as fromData would (ingest does):
   * counts non-negative safe integers summing with zeroCount to count, scale in [-10, 20], finite sum, finite
   * zeroThreshold ≥ 0, |offset| and |offset + counts.length| ≤ 2^31. Unchecked data gives wrong counts.
   */
  static fromValidatedData(
    data: ExponentialHistogramData,
    options?: ExponentialHistogramOptions,
  ): ExponentialHistogram {
    const h = new ExponentialHistogram(options);
    const source = {
      scale: data.scale,
      positive: nonZeroRange(data.positive.offset, data.positive.counts),
      negative: nonZeroRange(data.negative.offset, data.negative.counts),
    };
    h._scale = finestCommonScale(h.state(), source, Math.min(data.scale, h.maxScale), h.maxBuckets);
    const shift = data.scale - h._scale;
    h.positive.addCounts(data.positive.offset, data.positive.counts, source.positive, shift, h.maxBuckets);
    h.negative.addCounts(data.negative.offset, data.negative.counts, source.negative, shift, h.maxBuckets);
    h.addTotals(data.count, data.sum, data.zeroCount, data.min, data.max, data.zeroThreshold);
    h.fillMissingExtremes(data.min, data.max);
    return h;
  }

  /**
   * ~1 byte per non-zero bucket plus 40 (format in histogram-codec.ts). A Buffer from Node's allocation pool:
   * read it through byteOffset/byteLength, and never transfer its `.buffer` (other blobs share it).
   */
  encode(): Uint8Array {
    return encodeHistogram(this.state());
  }

  /** Parses `encode()` output; throws HistogramDecodeError on corrupt or inconsistent bytes. */
  static decode(bytes: Uint8Array, options?: ExponentialHistogramOptions): ExponentialHistogram {
    const h = new ExponentialHistogram(options);
    const scan = new EncodedScan();
    scan.readHeader(bytes);
    h._scale = Math.min(scan.scale, h.maxScale); // an empty blob keeps its scale too
    if (!addEncodedAtScale(bytes, scan, h._scale, h.positive, h.negative, h.maxBuckets)) {
      // Wider than maxBuckets, or missing min/max: locate its buckets first, then add them downscaled.
      scan.read(bytes);
      h._scale = finestCommonScale(h.state(), scan, h._scale, h.maxBuckets);
      const shift = scan.scale - h._scale;
      addScannedSide(bytes, scan.positive, h.positive, shift, h.maxBuckets);
      addScannedSide(bytes, scan.negative, h.negative, shift, h.maxBuckets);
    }
    h.addTotals(scan.count, scan.sum, scan.zeroCount, scan.min, scan.max, scan.zeroThreshold);
    h.fillMissingExtremes(scan.min, scan.max);
    return h; // buckets within a raised zeroThreshold stay as sent, unlike after a merge
  }

  private addTotals(count: number, sum: number, zeroCount: number, min: number, max: number, zeroThreshold: number) {
    this._count += count;
    this._sum += sum;
    this._zeroCount += zeroCount;
    if (count > 0 && min < this._min) this._min = min;
    if (count > 0 && max > this._max) this._max = max;
    if (zeroThreshold > this._zeroThreshold) this._zeroThreshold = zeroThreshold;
  }

  /** Non-finite min/max of a non-empty source (some producers omit them) come from the outermost buckets. */
  private fillMissingExtremes(min: number, max: number): void {
    if (this._count === 0) return;
    const minKnown = min - min === 0;
    const maxKnown = max - max === 0;
    const bounds = minKnown && maxKnown ? undefined : boundsOf(this.state());
    this._min = minKnown ? min : bounds!.min;
    this._max = maxKnown ? max : bounds!.max;
  }

  private state(): HistogramState {
    return {
      scale: this._scale,
      count: this._count,
      sum: this._sum,
      zeroCount: this._zeroCount,
      zeroThreshold: this._zeroThreshold,
      min: this._min,
      max: this._max,
      positive: this.positive,
      negative: this.negative,
    };
  }

  private downscale(shift: number): void {
    if (shift <= 0) return;
    this.positive.downscale(shift);
    this.negative.downscale(shift);
    this._scale = this._scale - shift;
  }

  /** Moves buckets lying entirely within [−zeroThreshold, zeroThreshold] into zeroCount (after a merge raised it). */
  private absorbIntoZero(): void {
    this._zeroCount += this.positive.takeAtOrBelow(this._zeroThreshold, this._scale);
    this._zeroCount += this.negative.takeAtOrBelow(this._zeroThreshold, this._scale);
  }
}
