import { encodeOnce, isSet, writeEnvelopes, writeKeyValues, writeResource, writeScope } from './common-writer.js';
import { ProtoWriter } from './proto-writer.js';
import type {
  OtlpBuckets,
  OtlpExponentialHistogramDataPoint,
  OtlpMetric,
  OtlpMetricsRequest,
  OtlpNumberDataPoint,
  OtlpResource,
  OtlpScope,
} from './types.js';

// Field numbers of metrics-proto.ts (opentelemetry-proto v1). As protobufjs does, fields are written in field-number
// order, and proto3 fields without presence are left out at their default (0, '', false), so both produce the same
// bytes for the same message. Fields with presence (oneof members, `optional`, messages) are written when set.

/** The metric data kinds the agent produces, and how their points are written. */
export type MetricDataField = 'gauge' | 'sum' | 'exponentialHistogram';
type PointOf<F extends MetricDataField> = F extends 'exponentialHistogram'
  ? OtlpExponentialHistogramDataPoint
  : OtlpNumberDataPoint;

const DATA_FIELD_NUMBERS: Record<MetricDataField, number> = { gauge: 5, sum: 7, exponentialHistogram: 10 };
const POINT_WRITERS: { [F in MetricDataField]: (w: ProtoWriter, p: PointOf<F>) => void } = {
  gauge: writeNumberPoint,
  sum: writeNumberPoint,
  exponentialHistogram: writeExponentialHistogramPoint,
};

/** What a metric entry says besides its points (the data kind's own fields included). */
export interface MetricHeader {
  name: string;
  description?: string | undefined;
  unit?: string | undefined;
  aggregationTemporality?: number | undefined;
  isMonotonic?: boolean | undefined;
}

/**
 * Writes one ExportMetricsServiceRequest (one resource, one scope) a point at a time, so a caller never holds more
 * than one data point as objects. Reusable: `begin()` starts the next request in the same buffer.
 * Usage: begin(); metric(header, 'sum'); point(p)…; endMetric(); …; finish() → bytes (a view, valid until begin()).
 */
export class MetricsRequestWriter {
  readonly #w: ProtoWriter;
  readonly #resource: Uint8Array;
  readonly #scope: Uint8Array;
  #field: MetricDataField | undefined;
  #header: MetricHeader | undefined;

  constructor(resource: OtlpResource, scope: OtlpScope, w = new ProtoWriter()) {
    this.#w = w;
    this.#resource = encodeOnce((x) => writeResource(x, resource));
    this.#scope = encodeOnce((x) => writeScope(x, scope));
  }

  begin(): void {
    const w = this.#w;
    w.reset();
    w.tag(1, 2).fork(); // resource_metrics
    w.tag(1, 2).varint(this.#resource.length).raw(this.#resource);
    w.tag(2, 2).fork(); // scope_metrics
    w.tag(1, 2).varint(this.#scope.length).raw(this.#scope);
  }

  metric(header: MetricHeader, field: MetricDataField): void {
    const w = this.#w;
    w.tag(2, 2).fork(); // metrics
    writeMetricNames(w, header);
    w.tag(DATA_FIELD_NUMBERS[field], 2).fork();
    this.#field = field;
    this.#header = header;
  }

  point<F extends MetricDataField>(point: PointOf<F>): void {
    this.#w.tag(1, 2).fork();
    (POINT_WRITERS[this.#field as F] as (w: ProtoWriter, p: PointOf<F>) => void)(this.#w, point);
    this.#w.ldelim();
  }

  endMetric(): void {
    const w = this.#w;
    const header = this.#header;
    if (this.#field !== 'gauge' && header?.aggregationTemporality) w.tag(2, 0).int32(header.aggregationTemporality);
    if (this.#field === 'sum' && header?.isMonotonic) w.tag(3, 0).bool(true);
    w.ldelim().ldelim();
  }

  finish(): Uint8Array {
    return this.#w.ldelim().ldelim().view();
  }
}

/**
 * The whole request as bytes, or undefined when it holds kinds this writer does not cover (explicit-bucket
 * histograms, summaries: the agent makes neither; the caller falls back to protobufjs).
 */
export function writeMetricsRequest(request: OtlpMetricsRequest, w = new ProtoWriter()): Uint8Array | undefined {
  const complete = writeEnvelopes(
    w,
    request.resourceMetrics,
    (rm) => rm.scopeMetrics,
    (sm) => (sm.metrics ?? []).every((metric) => writeMetric(w, metric)),
  );
  return complete ? w.view() : undefined;
}

function writeMetric(w: ProtoWriter, metric: OtlpMetric): boolean {
  if (metric.histogram !== undefined || metric.summary !== undefined) return false;
  const field = (['gauge', 'sum', 'exponentialHistogram'] as const).find((f) => metric[f] != null);
  w.tag(2, 2).fork();
  writeMetricNames(w, metric);
  if (field) {
    const data = metric[field]!;
    w.tag(DATA_FIELD_NUMBERS[field], 2).fork();
    const write = POINT_WRITERS[field] as (w: ProtoWriter, p: OtlpNumberDataPoint) => void;
    for (const point of data.dataPoints ?? []) {
      w.tag(1, 2).fork();
      write(w, point);
      w.ldelim();
    }
    if ('aggregationTemporality' in data && data.aggregationTemporality) w.tag(2, 0).int32(data.aggregationTemporality);
    if ('isMonotonic' in data && data.isMonotonic) w.tag(3, 0).bool(true);
    w.ldelim();
  }
  w.ldelim();
  return true;
}

function writeMetricNames(w: ProtoWriter, metric: MetricHeader): void {
  if (metric.name) w.string(1, metric.name);
  if (metric.description) w.string(2, metric.description);
  if (metric.unit) w.string(3, metric.unit);
}

function writeNumberPoint(w: ProtoWriter, p: OtlpNumberDataPoint): void {
  if (isSet(p.startTimeUnixNano)) w.tag(2, 1).fixed64(p.startTimeUnixNano);
  if (isSet(p.timeUnixNano)) w.tag(3, 1).fixed64(p.timeUnixNano);
  if (p.asDouble != null) w.tag(4, 1).double(p.asDouble);
  if (p.asInt != null) w.tag(6, 1).fixed64(p.asInt);
  writeKeyValues(w, 7, p.attributes);
  if (p.flags) w.tag(8, 0).varint(p.flags >>> 0);
}

function writeExponentialHistogramPoint(w: ProtoWriter, p: OtlpExponentialHistogramDataPoint): void {
  writeKeyValues(w, 1, p.attributes);
  if (isSet(p.startTimeUnixNano)) w.tag(2, 1).fixed64(p.startTimeUnixNano);
  if (isSet(p.timeUnixNano)) w.tag(3, 1).fixed64(p.timeUnixNano);
  if (isSet(p.count)) w.tag(4, 1).fixed64(p.count);
  if (p.sum != null) w.tag(5, 1).double(p.sum);
  if (p.scale) w.tag(6, 0).sint32(p.scale);
  if (isSet(p.zeroCount)) w.tag(7, 1).fixed64(p.zeroCount);
  if (p.positive != null) writeBuckets(w, 8, p.positive);
  if (p.negative != null) writeBuckets(w, 9, p.negative);
  if (p.flags) w.tag(10, 0).varint(p.flags >>> 0);
  if (p.min != null) w.tag(12, 1).double(p.min);
  if (p.max != null) w.tag(13, 1).double(p.max);
  if (p.zeroThreshold != null && !Object.is(p.zeroThreshold, 0)) w.tag(14, 1).double(p.zeroThreshold);
}

function writeBuckets(w: ProtoWriter, field: number, buckets: OtlpBuckets): void {
  w.tag(field, 2).fork();
  if (buckets.offset) w.tag(1, 0).sint32(buckets.offset);
  const counts = buckets.bucketCounts;
  if (counts != null && counts.length > 0) {
    w.tag(2, 2).fork();
    for (const count of counts) w.int64(count);
    w.ldelim();
  }
  w.ldelim();
}
