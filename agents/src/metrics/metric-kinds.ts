import type { AggregationKind, Aggregator } from '../aggregation/aggregator.js';
import { type GaugeAccumulator, gaugeAggregator } from '../aggregation/gauge-aggregator.js';
import { createHistogramAggregator } from '../aggregation/histogram-aggregator.js';
import { type SumAccumulator, sumAggregator } from '../aggregation/sum-aggregator.js';
import type { ExponentialHistogram } from '../histogram/exponential-histogram.js';
import {
  type OtlpExponentialHistogramDataPoint,
  type OtlpMetric,
  type OtlpNumberDataPoint,
  Temporality,
} from '../otlp/types.js';
import { toKeyValues } from './attributes.js';
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
 * A kind of metric: the shared aggregation contract accumulates measurements, `toMetric` turns one interval's
 * series into an OTLP metric (undefined when none holds data). Keyed by kind in `metricKinds`.
 */
export interface MetricKind<A> {
  aggregator: Aggregator<A>;
  toMetric(descriptor: MetricDescriptor, series: Series<A>[], interval: CollectionInterval): OtlpMetric | undefined;
}

/**
 * Scale 6 (bucket ratio 2^(1/64), ≤0.55% relative error) is the coarsest scale that meets Stride's 1% quantile
 * target; starting finer only multiplies the buckets to collect, encode and send (a 5 ms–50 ms spread is ~210
 * buckets at scale 6, ~3,400 at scale 10). 2048 buckets keep scale 6 across 1 µs–100 s.
 */
const histogramAggregator = createHistogramAggregator({ maxScale: 6, maxBuckets: 2048 });

const histogram: MetricKind<ExponentialHistogram> = {
  aggregator: histogramAggregator,
  toMetric(descriptor, series, interval) {
    const dataPoints: OtlpExponentialHistogramDataPoint[] = [];
    for (const { attributes, acc } of series) {
      const data = histogramAggregator.toResult(acc);
      if (data.count === 0) continue;
      const point: OtlpExponentialHistogramDataPoint = {
        attributes: toKeyValues(attributes),
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
      dataPoints.push(point);
    }
    if (dataPoints.length === 0) return undefined;
    return { ...descriptor, exponentialHistogram: { dataPoints, aggregationTemporality: Temporality.DELTA } };
  },
};

/** Monotonic counter; each export carries the increase over its interval (delta temporality). */
const sum: MetricKind<SumAccumulator> = {
  aggregator: sumAggregator,
  toMetric(descriptor, series, interval) {
    const dataPoints: OtlpNumberDataPoint[] = series.map(({ attributes, acc }) => ({
      attributes: toKeyValues(attributes),
      ...interval,
      asDouble: sumAggregator.toResult(acc).value,
    }));
    if (dataPoints.length === 0) return undefined;
    return { ...descriptor, sum: { dataPoints, aggregationTemporality: Temporality.DELTA, isMonotonic: true } };
  },
};

/** Last value sampled in the interval (levels such as heap used or event-loop utilization). */
const gauge: MetricKind<GaugeAccumulator> = {
  aggregator: gaugeAggregator,
  toMetric(descriptor, series, interval) {
    const dataPoints: OtlpNumberDataPoint[] = [];
    for (const { attributes, acc } of series) {
      const result = gaugeAggregator.toResult(acc);
      if (result.count === 0) continue;
      dataPoints.push({ attributes: toKeyValues(attributes), ...interval, asDouble: result.last });
    }
    if (dataPoints.length === 0) return undefined;
    return { ...descriptor, gauge: { dataPoints } };
  },
};

export const metricKinds = { histogram, sum, gauge } as const satisfies Record<AggregationKind, unknown>;
export type MetricKindName = keyof typeof metricKinds;
