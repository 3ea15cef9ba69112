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

/** SpanKind: 1 INTERNAL, 2 SERVER, 3 CLIENT, 4 PRODUCER, 5 CONSUMER. */
export const SpanKind = { UNSPECIFIED: 0, INTERNAL: 1, SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 } as const;
/** Status.code: 0 UNSET, 1 OK, 2 ERROR. */
export const SpanStatusCode = { UNSET: 0, OK: 1, ERROR: 2 } as const;

/** Trace and span ids are lowercase hex here (32 and 16 chars), on both the protobuf and the JSON path. */
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  flags?: number;
  name: string;
  kind?: number;
  startTimeUnixNano: Int64;
  endTimeUnixNano: Int64;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
  events?: { timeUnixNano?: Int64; name?: string; attributes?: OtlpKeyValue[] }[];
  links?: { traceId?: string; spanId?: string; attributes?: OtlpKeyValue[] }[];
  status?: { message?: string; code?: number };
}
export interface OtlpScopeSpans {
  scope?: OtlpScope;
  spans?: OtlpSpan[];
  schemaUrl?: string;
}
export interface OtlpResourceSpans {
  resource?: OtlpResource;
  scopeSpans?: OtlpScopeSpans[];
  schemaUrl?: string;
}
export interface OtlpTracesRequest {
  resourceSpans?: OtlpResourceSpans[];
}
export interface OtlpTracesResponse {
  partialSuccess?: { rejectedSpans?: Int64; errorMessage?: string };
}
