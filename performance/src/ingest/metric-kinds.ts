import { type ExponentialHistogram, type OtlpMetric, type OtlpNumberDataPoint, Temporality } from '@stride/agent';
import { explicitPointToHistogram } from './explicit-buckets.js';
import { exponentialPointToHistogram } from './exponential-point.js';
import type { IngestLimits } from './ingest-limits.js';
import { finite, reject } from './point-rejected-error.js';

/**
 * One data point's value before cumulative→delta conversion. `cumulative` samples are a running total since
 * the point's start time and go through the TemporalityConverter; the others are stored as they are.
 */
export type Sample =
  | { kind: 'histogram'; histogram: ExponentialHistogram; cumulative: boolean }
  | { kind: 'sum' | 'gauge'; value: number; cumulative: boolean };

export type PointSampler = (point: unknown, limits: IngestLimits) => Sample;

export interface MetricKind {
  dataPoints(metric: OtlpMetric): readonly unknown[] | undefined;
  /**
   * Checks the metric-level fields (temporality) and returns the per-point converter. Both throw
   * PointRejectedError: from `prepare` it rejects every point of the metric, from the sampler one point.
   */
  prepare(metric: OtlpMetric): PointSampler;
}

/** OTLP `aggregationTemporality` as a boolean; UNSPECIFIED (or anything else) cannot be interpreted. */
function isCumulative(temporality: number | undefined): boolean {
  if (temporality === Temporality.CUMULATIVE) return true;
  if (temporality === Temporality.DELTA) return false;
  return reject('aggregationTemporality', `must be 1 (DELTA) or 2 (CUMULATIVE), got ${temporality ?? 0}`);
}

function numberValue(point: OtlpNumberDataPoint): number {
  if (point.asDouble !== undefined) return finite(point.asDouble, 'asDouble');
  if (point.asInt !== undefined) return finite(Number(point.asInt), 'asInt');
  return reject('', 'number data point has neither asDouble nor asInt');
}

/**
 * The OTLP metric data kinds Stride reads, keyed by the Metric oneof field name. Adding a kind is adding an entry.
 * Sums: monotonic ones are counters (stored as deltas); non-monotonic cumulative sums are up-down counters whose
 * current level is what matters, so they are stored as gauge samples; non-monotonic deltas stay sums (they add up).
 */
export const METRIC_KINDS: Readonly<Record<string, MetricKind>> = {
  gauge: {
    dataPoints: (m) => m.gauge?.dataPoints,
    prepare: () => (p) => ({ kind: 'gauge', value: numberValue(p as OtlpNumberDataPoint), cumulative: false }),
  },
  sum: {
    dataPoints: (m) => m.sum?.dataPoints,
    prepare: (m) => {
      const cumulative = isCumulative(m.sum?.aggregationTemporality);
      if (!m.sum?.isMonotonic) {
        const kind = cumulative ? 'gauge' : 'sum';
        return (p) => ({ kind, value: numberValue(p as OtlpNumberDataPoint), cumulative: false });
      }
      return (p) => {
        const value = numberValue(p as OtlpNumberDataPoint);
        if (value < 0) reject('', `a monotonic sum cannot be negative, got ${value}`);
        return { kind: 'sum', value, cumulative };
      };
    },
  },
  histogram: {
    dataPoints: (m) => m.histogram?.dataPoints,
    prepare: (m) => {
      const cumulative = isCumulative(m.histogram?.aggregationTemporality);
      return (p, limits) => ({
        kind: 'histogram',
        histogram: explicitPointToHistogram(p as object, limits),
        cumulative,
      });
    },
  },
  exponentialHistogram: {
    dataPoints: (m) => m.exponentialHistogram?.dataPoints,
    prepare: (m) => {
      const cumulative = isCumulative(m.exponentialHistogram?.aggregationTemporality);
      return (p, limits) => ({
        kind: 'histogram',
        histogram: exponentialPointToHistogram(p as object, limits),
        cumulative,
      });
    },
  },
  summary: {
    dataPoints: (m) => m.summary?.dataPoints,
    prepare: () =>
      reject('', 'summary metrics are not supported (quantiles cannot be merged); export a histogram instead'),
  },
};
