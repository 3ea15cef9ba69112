// Plain-object OTLP metrics messages as the codec returns them (protobuf JSON mapping: lowerCamelCase field
// names, 64-bit integers as decimal strings or numbers, enums as numbers). Only what Stride reads is typed;
// producers may send more.

export type Int64 = string | number;

export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: Int64;
  doubleValue?: number;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
  bytesValue?: string | Uint8Array;
}
export interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}
export interface OtlpResource {
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
}
export interface OtlpScope {
  name?: string;
  version?: string;
  attributes?: OtlpKeyValue[];
}

/** AggregationTemporality: 1 = DELTA, 2 = CUMULATIVE. */
export const Temporality = { UNSPECIFIED: 0, DELTA: 1, CUMULATIVE: 2 } as const;

interface PointBase {
  attributes?: OtlpKeyValue[];
  startTimeUnixNano?: Int64;
  timeUnixNano?: Int64;
  flags?: number;
}
export interface OtlpNumberDataPoint extends PointBase {
  asDouble?: number;
  asInt?: Int64;
}
export interface OtlpHistogramDataPoint extends PointBase {
  count?: Int64;
  sum?: number;
  bucketCounts?: Int64[];
  explicitBounds?: number[];
  min?: number;
  max?: number;
}
export interface OtlpBuckets {
  offset?: number;
  bucketCounts?: Int64[];
}
export interface OtlpExponentialHistogramDataPoint extends PointBase {
  count?: Int64;
  sum?: number;
  scale?: number;
  zeroCount?: Int64;
  zeroThreshold?: number;
  positive?: OtlpBuckets;
  negative?: OtlpBuckets;
  min?: number;
  max?: number;
}
export interface OtlpSummaryDataPoint extends PointBase {
  count?: Int64;
  sum?: number;
  quantileValues?: { quantile?: number; value?: number }[];
}

export interface OtlpMetric {
  name: string;
  description?: string;
  unit?: string;
  gauge?: { dataPoints?: OtlpNumberDataPoint[] };
  sum?: { dataPoints?: OtlpNumberDataPoint[]; aggregationTemporality?: number; isMonotonic?: boolean };
  histogram?: { dataPoints?: OtlpHistogramDataPoint[]; aggregationTemporality?: number };
  exponentialHistogram?: { dataPoints?: OtlpExponentialHistogramDataPoint[]; aggregationTemporality?: number };
  summary?: { dataPoints?: OtlpSummaryDataPoint[] };
}
export interface OtlpScopeMetrics {
  scope?: OtlpScope;
  metrics?: OtlpMetric[];
  schemaUrl?: string;
}
export interface OtlpResourceMetrics {
  resource?: OtlpResource;
  scopeMetrics?: OtlpScopeMetrics[];
  schemaUrl?: string;
}
export interface OtlpMetricsRequest {
  resourceMetrics?: OtlpResourceMetrics[];
}
export interface OtlpMetricsResponse {
  partialSuccess?: { rejectedDataPoints?: Int64; errorMessage?: string };
}
