// SKELETON — the histogram helper replaces this file with the real implementation. API is fixed.

/** OTLP ExponentialHistogram buckets: bucket i covers (base^(offset+i), base^(offset+i+1)], base = 2^(2^-scale). */
export interface HistogramBuckets {
  offset: number;
  counts: number[];
}

/** Plain-data form, field-for-field compatible with an OTLP ExponentialHistogramDataPoint. */
export interface ExponentialHistogramData {
  scale: number;
  zeroCount: number;
  zeroThreshold: number;
  positive: HistogramBuckets;
  negative: HistogramBuckets;
  count: number;
  sum: number;
  /** NaN-free: +Infinity/-Infinity when count is 0. */
  min: number;
  max: number;
}

export interface ExponentialHistogramOptions {
  /** Most buckets per sign before the histogram downscales. 2048 keeps scale 6 (≤0.55% error) across 1 µs–100 s. */
  maxBuckets?: number;
  /** Starting (finest) scale; 20 is OTLP's maximum. */
  maxScale?: number;
}

export class ExponentialHistogram {
  constructor(_options: ExponentialHistogramOptions = {}) {}
  get count(): number { throw new Error('not implemented'); }
  get sum(): number { throw new Error('not implemented'); }
  get min(): number { throw new Error('not implemented'); }
  get max(): number { throw new Error('not implemented'); }
  get scale(): number { throw new Error('not implemented'); }
  /** Records `value` `count` times. Returns false (and records nothing) for NaN and ±Infinity. */
  record(_value: number, _count = 1): boolean { throw new Error('not implemented'); }
  /** Adds every observation of `other` into this one, downscaling either side as needed. */
  merge(_other: ExponentialHistogram): this { throw new Error('not implemented'); }
  /** `this − earlier` for two cumulative snapshots of one stream; throws HistogramResetError if earlier is not a prefix. */
  diff(_earlier: ExponentialHistogram): ExponentialHistogram { throw new Error('not implemented'); }
  /** Value at quantile q ∈ [0,1]; NaN when empty. */
  quantile(_q: number): number { throw new Error('not implemented'); }
  /** Estimated number of observations ≤ value (for apdex). */
  countAtOrBelow(_value: number): number { throw new Error('not implemented'); }
  clone(): ExponentialHistogram { throw new Error('not implemented'); }
  reset(): void { throw new Error('not implemented'); }
  toData(): ExponentialHistogramData { throw new Error('not implemented'); }
  static fromData(_data: ExponentialHistogramData, _options?: ExponentialHistogramOptions): ExponentialHistogram {
    throw new Error('not implemented');
  }
  encode(): Uint8Array { throw new Error('not implemented'); }
  static decode(_bytes: Uint8Array): ExponentialHistogram { throw new Error('not implemented'); }
}
