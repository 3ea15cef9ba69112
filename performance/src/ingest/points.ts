import type { ExponentialHistogram } from '@stride/agent';

/** What a stored series holds. Histograms carry latency distributions; sums are delta counters; gauges are samples. */
export type PointKind = 'histogram' | 'sum' | 'gauge';

/**
 * Identity of a stored series. Instances of one service share a series (so their data merges exactly);
 * the instance only matters upstream, for cumulative→delta conversion.
 * Example: { service: 'shop', metric: 'http.server.request.duration', kind: 'histogram', unit: 's',
 *            attributes: { 'http.request.method': 'GET', 'http.route': '/products/:id', 'http.response.status_code': '200' } }
 */
export interface SeriesDescriptor {
  service: string;
  metric: string;
  kind: PointKind;
  unit: string;
  /** Data-point attributes, values stringified, keys sorted by the producer of this object. */
  attributes: Record<string, string>;
}

/**
 * A histogram in the store's binary form (`ExponentialHistogram.encode()` output) with the totals a store row
 * needs beside it, so a point can be stored and merged (mergeEncoded) without building the histogram object.
 * Ingest encodes OTLP exponential-histogram points straight into this form (see otlp-fast-path.ts).
 */
export interface EncodedHistogram {
  bytes: Uint8Array;
  count: number;
  sum: number;
  /** +Infinity / −Infinity when count is 0, as ExponentialHistogram has them. */
  min: number;
  max: number;
}

/**
 * One delta observation for one series, ready to store. Produced by ingest after decoding, validation and
 * cumulative→delta conversion.
 * - histogram: `histogram` holds the delta distribution (values in the metric's unit, e.g. seconds).
 * - sum: `value` is the delta (increase) over the interval.
 * - gauge: `value` is the sampled value at `timeMs`.
 */
export interface MetricPoint {
  series: SeriesDescriptor;
  /** End of the interval the point covers (OTLP timeUnixNano), unix ms. The store buckets points by this time. */
  timeMs: number;
  histogram?: ExponentialHistogram;
  value?: number;
  /**
   * The same histogram already encoded (`encoded.bytes` equals `histogram.encode()` byte for byte). Stores use it
   * instead of `histogram` when present; a producer that sets it may build `histogram` lazily, on first access.
   */
  encoded?: EncodedHistogram;
}
