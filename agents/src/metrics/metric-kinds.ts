import type { AggregationKind, Aggregator } from '../aggregation/aggregator.js';
import { type GaugeAccumulator, gaugeAggregator } from '../aggregation/gauge-aggregator.js';
import { createHistogramAggregator } from '../aggregation/histogram-aggregator.js';
import { type SumAccumulator, sumAggregator } from '../aggregation/sum-aggregator.js';
import type { ExponentialHistogram } from '../histogram/exponential-histogram.js';
import type { MetricDataField } from '../otlp/metrics-writer.js';
import {
  type OtlpExponentialHistogramDataPoint,
  type OtlpKeyValue,
  type OtlpMetric,
  type OtlpNumberDataPoint,
  Temporality,
} from '../otlp/types.js';
import type { Attributes } from './attributes.js';
import type { Series } from './series-table.js';

export interface MetricDescriptor {
  name: string;
  /** UCUM unit: `s`, `By`, `1`, `{batch}`. */
  unit: string;
  description: string;
}

/** The interval a collection covers, as OTLP nanosecond timestamps (decimal strings: they exceed 2^53). */
export interface CollectionInterval {
  startTimeUnixNano: string;
  timeUnixNano: string;
}

/**
 * A kind of metric: the shared aggregation contract accumulates measurements; `toPoint` turns one series' interval
 * into an OTLP data point (undefined when it holds no data), which goes into the metric's `field` with `header`'s
 * settings. Keyed by kind in `metricKinds`.
 */
export interface MetricKind<A> {
  aggregator: Aggregator<A>;
  field: MetricDataField;
  header: { aggregationTemporality?: number; isMonotonic?: boolean };
  /** `attributes` is the series' attributes as OTLP KeyValues (cached by the caller: series outlive intervals). */
  toPoint(series: Series<A>, interval: CollectionInterval, attributes: OtlpKeyValue[]): OtlpDataPoint | undefined;
}

export type OtlpDataPoint = OtlpNumberDataPoint | OtlpExponentialHistogramDataPoint;

/** The OTLP metric of `series` (undefined when none holds data): what a collection exports for one instrument. */
export function toMetric<A>(
  kind: MetricKind<A>,
  descriptor: MetricDescriptor,
  series: readonly Series<A>[],
  interval: CollectionInterval,
  keyValuesOf: (attributes: Attributes) => OtlpKeyValue[],
): OtlpMetric | undefined {
  const dataPoints: OtlpDataPoint[] = [];
  for (const one of series) {
    const point = kind.toPoint(one, interval, keyValuesOf(one.attributes));
    if (point) dataPoints.push(point);
  }
  if (dataPoints.length === 0) return undefined;
  return { ...descriptor, [kind.field]: { dataPoints, ...kind.header } };
}

/**
 * Scale 6 (bucket ratio 2^(1/64), ≤0.55% relative error) is the coarsest scale that meets Stride's 1% quantile
 * target; starting finer only multiplies the buckets to collect, encode and send (a 5 ms–50 ms spread is ~210
 * buckets at scale 6, ~3,400 at scale 10). 2048 buckets keep scale 6 across 1 µs–100 s.
 */
const histogramAggregator = createHistogramAggregator({ maxScale: 6, maxBuckets: 2048 });

const histogram: MetricKind<ExponentialHistogram> = {
  aggregator: histogramAggregator,
  field: 'exponentialHistogram',
  header: { aggregationTemporality: Temporality.DELTA },
  toPoint({ acc }, interval, attributes) {
    if (acc.count === 0) return undefined;
    const data = histogramAggregator.toResult(acc);
    const point: OtlpExponentialHistogramDataPoint = {
      attributes,
      ...interval,
      count: data.count,
      sum: data.sum,
      scale: data.scale,
      zeroCount: data.zeroCount,
      zeroThreshold: data.zeroThreshold,
      positive: { offset: data.positive.offset, bucketCounts: data.positive.counts },
      min: data.min,
      max: data.max,
    };
    if (data.negative.counts.length > 0) {
      point.negative = { offset: data.negative.offset, bucketCounts: data.negative.counts };
    }
    return point;
  },
};

/** Monotonic counter; each export carries the increase over its interval (delta temporality). */
const sum: MetricKind<SumAccumulator> = {
  aggregator: sumAggregator,
  field: 'sum',
  header: { aggregationTemporality: Temporality.DELTA, isMonotonic: true },
  toPoint: ({ acc }, interval, attributes) => ({
    attributes,
    ...interval,
    asDouble: sumAggregator.toResult(acc).value,
  }),
};

/** Last value sampled in the interval (levels such as heap used or event-loop utilization). */
const gauge: MetricKind<GaugeAccumulator> = {
  aggregator: gaugeAggregator,
  field: 'gauge',
  header: {},
  toPoint({ acc }, interval, attributes) {
    const result = gaugeAggregator.toResult(acc);
    if (result.count === 0) return undefined;
    return { attributes, ...interval, asDouble: result.last };
  },
};

export const metricKinds = { histogram, sum, gauge } as const satisfies Record<AggregationKind, unknown>;
export type MetricKindName = keyof typeof metricKinds;
