import { encodeOwnMetricsRequest, type OtlpEncoding } from './codec.js';
import { type MetricDataField, type MetricHeader, MetricsRequestWriter } from './metrics-writer.js';
import type {
  OtlpExponentialHistogramDataPoint,
  OtlpMetric,
  OtlpNumberDataPoint,
  OtlpResource,
  OtlpScope,
} from './types.js';

/**
 * Receives one export request a point at a time: begin(); then per metric entry metric(), point()…, endMetric();
 * finish() returns the encoded request. Its bytes may be a view of a reused buffer: valid until the next begin().
 */
export interface MetricsBatchSink {
  begin(): void;
  metric(header: MetricHeader, field: MetricDataField): void;
  point(point: OtlpNumberDataPoint | OtlpExponentialHistogramDataPoint): void;
  endMetric(): void;
  finish(): Uint8Array;
}

/**
 * OTLP/JSON has no streaming writer: it collects the batch's objects and stringifies them at finish (the protobuf
 * sink is the default and the lean one).
 */
class JsonMetricsBatch implements MetricsBatchSink {
  #metrics: OtlpMetric[] = [];
  #points: Array<OtlpNumberDataPoint | OtlpExponentialHistogramDataPoint> = [];

  constructor(
    private readonly resource: OtlpResource,
    private readonly scope: OtlpScope,
  ) {}

  begin(): void {
    this.#metrics = [];
  }

  metric({ name, description, unit, ...settings }: MetricHeader, field: MetricDataField): void {
    this.#points = [];
    this.#metrics.push({ name, description, unit, [field]: { dataPoints: this.#points, ...settings } });
  }

  point(point: OtlpNumberDataPoint | OtlpExponentialHistogramDataPoint): void {
    this.#points.push(point);
  }

  endMetric(): void {}

  finish(): Uint8Array {
    const { resource, scope } = this;
    const body = encodeOwnMetricsRequest(
      { resourceMetrics: [{ resource, scopeMetrics: [{ scope, metrics: this.#metrics }] }] },
      'json',
    );
    this.#metrics = [];
    return body;
  }
}

/** Batch sinks by wire encoding. */
export const METRICS_BATCH_SINKS: Readonly<
  Record<OtlpEncoding, (resource: OtlpResource, scope: OtlpScope) => MetricsBatchSink>
> = {
  protobuf: (resource, scope) => new MetricsRequestWriter(resource, scope),
  json: (resource, scope) => new JsonMetricsBatch(resource, scope),
};
