import { hash } from 'node:crypto';
import {
  histogramAggregator,
  type OtlpMetric,
  type OtlpMetricsRequest,
  type OtlpResourceMetrics,
  type OtlpScope,
  sumAggregator,
} from '@stride/agent';
import { stringifyAnyValue, toAttributeRecord } from './attributes.js';
import { DEFAULT_INGEST_LIMITS, type IngestLimits } from './ingest-limits.js';
import { METRIC_KINDS, type PointSampler, type Sample } from './metric-kinds.js';
import { PointRejectedError, reject } from './point-rejected-error.js';
import type { MetricPoint, SeriesDescriptor } from './points.js';
import { type OnResource, ResourceNotifier } from './resource-identity.js';
import type { ConversionTransaction, TemporalityConverter } from './temporality-converter.js';
import { nanosToMs, parseUnixNanos } from './unix-nanos.js';

export interface ConvertOptions {
  /** Server clock, unix ms: bounds point times and ages converter streams. */
  nowMs: number;
  converter: TemporalityConverter;
  limits?: Partial<IngestLimits>;
  /** Told each request's distinct (service, service.version) resources; see OnResource. */
  onResource?: OnResource;
}

export interface ConversionResult {
  /** Delta points ready for Store.write. */
  points: MetricPoint[];
  /** Data points rejected by validation (the OTLP `rejectedDataPoints`). */
  rejected: number;
  /** Path-bearing reasons, at most `limits.maxErrorMessages` of them; `rejected` counts them all. */
  errors: string[];
  /** Undoes this request's cumulative-stream updates; call it when `points` could not be stored. */
  rollback(): void;
}

export const UNKNOWN_SERVICE = 'unknown_service';
/** OTLP DataPointFlags.FLAG_NO_RECORDED_VALUE: the point only marks a gap; it carries no value to store. */
export const FLAG_NO_RECORDED_VALUE = 1;
// OpenTelemetry instrument-name syntax, plus ':' which Prometheus-bridged names use.
const METRIC_NAME = /^[A-Za-z][A-Za-z0-9_.\-/:]*$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Turns a decoded OTLP metrics request into delta MetricPoints. Invalid points are counted and explained, the
 * valid ones of the same request kept. Series identity is service.name + metric + kind + unit + point attributes
 * (resource attributes are left out so instances of a service merge); stream identity for cumulative→delta also
 * includes every resource attribute and the scope, so each instance is converted on its own.
 */
export function convertMetricsRequest(
  request: OtlpMetricsRequest,
  { nowMs, converter, limits: limitOverrides = {}, onResource }: ConvertOptions,
): ConversionResult {
  const notifier = onResource ? new ResourceNotifier(onResource, nowMs) : undefined;
  const limits: IngestLimits = { ...DEFAULT_INGEST_LIMITS, ...limitOverrides };
  const tx = converter.begin(nowMs);
  const points: MetricPoint[] = [];
  const errors: string[] = [];
  let rejected = 0;
  const fail = (path: string, err: unknown, pointCount: number, metricName?: string) => {
    rejected += pointCount;
    if (errors.length < limits.maxErrorMessages) errors.push(describe(path, err, metricName));
  };

  (request.resourceMetrics ?? []).forEach((rm, r) => {
    const rPath = `resourceMetrics[${r}]`;
    let service: string;
    try {
      service = serviceName(rm, limits);
    } catch (err) {
      fail(`${rPath}.resource.attributes`, err, countPoints(rm));
      return;
    }
    notifier?.note(service, rm.resource?.attributes);
    let resourceKey: string | undefined;
    (rm.scopeMetrics ?? []).forEach((sm, s) => {
      (sm.metrics ?? []).forEach((metric, m) => {
        const mPath = `${rPath}.scopeMetrics[${s}].metrics[${m}]`;
        const streamPrefix = () => {
          resourceKey ??= resourceIdentity(rm);
          return [resourceKey, scopeIdentity(sm.scope), metric.name];
        };
        convertMetric(metric, mPath, { service, nowMs, limits, tx, points, fail, streamPrefix });
      });
    });
  });
  return { points, rejected, errors, rollback: () => tx.rollback() };
}

export interface MetricContext {
  service: string;
  nowMs: number;
  limits: IngestLimits;
  tx: ConversionTransaction;
  points: MetricPoint[];
  fail: (path: string, err: unknown, pointCount: number, metricName: string) => void;
  streamPrefix: () => unknown[];
}

export function convertMetric(metric: OtlpMetric, mPath: string, ctx: MetricContext): void {
  const found = Object.entries(METRIC_KINDS).find(([, kind]) => kind.dataPoints(metric) !== undefined);
  if (!found) return; // a metric without data carries nothing to store or reject
  const [kindName, kind] = found;
  const dataPoints = kind.dataPoints(metric) ?? [];
  const kPath = `${mPath}.${kindName}`;
  const name = metric.name ?? '';
  let sampler: PointSampler;
  try {
    checkMetric(metric, ctx.limits);
  } catch (err) {
    ctx.fail(mPath, err, dataPoints.length, name);
    return;
  }
  try {
    sampler = kind.prepare(metric);
  } catch (err) {
    ctx.fail(kPath, err, dataPoints.length, name);
    return;
  }
  const unit = metric.unit ?? '';
  for (let p = 0; p < dataPoints.length; p++) convertPoint(dataPoints[p], p, { ...ctx, kPath, name, unit, sampler });
}

/** A metric's context for converting its points one by one. */
export interface PointContext extends MetricContext {
  /** `<metric path>.<kind>`: the prefix of each point's path in error messages. */
  kPath: string;
  name: string;
  unit: string;
  sampler: PointSampler;
}

/** Converts data point `p` of a metric into ctx.points, or counts and explains why it cannot be stored. */
export function convertPoint(dataPoint: unknown, p: number, ctx: PointContext): void {
  const point = dataPoint as PointFields;
  if (((point.flags ?? 0) & FLAG_NO_RECORDED_VALUE) !== 0) return;
  try {
    const timeNs = parseUnixNanos(point.timeUnixNano, 'timeUnixNano');
    const timeMs = checkTime(timeNs, ctx.nowMs, ctx.limits);
    const startNs = parseUnixNanos(point.startTimeUnixNano, 'startTimeUnixNano');
    if (startNs > timeNs) reject('startTimeUnixNano', `start time ${startNs} is after time ${timeNs}`);
    const attributes = toAttributeRecord(point.attributes, ctx.limits);
    const sample = ctx.sampler(point, ctx.limits);
    const series: SeriesDescriptor = {
      service: ctx.service,
      metric: ctx.name,
      kind: sample.kind,
      unit: ctx.unit,
      attributes,
    };
    const delta = sample.cumulative ? toDelta(sample, startNs, timeNs, attributes, ctx) : sample;
    if (!delta) return;
    ctx.points.push(
      delta.kind === 'histogram'
        ? { series, timeMs, histogram: delta.histogram }
        : { series, timeMs, value: delta.value },
    );
  } catch (err) {
    ctx.fail(`${ctx.kPath}.dataPoints[${p}]`, err, 1, ctx.name);
  }
}

interface PointFields {
  attributes?: Parameters<typeof toAttributeRecord>[0];
  startTimeUnixNano?: string | number;
  timeUnixNano?: string | number;
  flags?: number;
}

function toDelta(
  sample: Sample,
  startNs: bigint,
  timeNs: bigint,
  attributes: Record<string, string>,
  ctx: MetricContext,
): Sample | null {
  // Hashed so a stream costs a fixed ~28 bytes of key however long its attributes are.
  const key = hash('sha1', JSON.stringify([...ctx.streamPrefix(), sample.kind, attributes]), 'base64');
  if (sample.kind === 'histogram') {
    const out = ctx.tx.toDelta(key, { startNs, timeNs, value: sample.histogram }, histogramAggregator);
    return out.emit ? { kind: 'histogram', histogram: out.delta, cumulative: false } : null;
  }
  // Only monotonic sums are cumulative here (see METRIC_KINDS), so a decrease is a reset.
  const out = ctx.tx.toDelta(key, { startNs, timeNs, value: { value: sample.value } }, sumAggregator);
  return out.emit ? { kind: sample.kind, value: out.delta.value, cumulative: false } : null;
}

export function checkMetric(metric: Pick<OtlpMetric, 'name' | 'unit'>, limits: IngestLimits): void {
  const name = metric.name ?? '';
  if (name.length === 0) reject('name', 'metric name must not be empty');
  if (name.length > limits.maxMetricNameLength) {
    reject('name', `metric name of ${name.length} characters exceeds ${limits.maxMetricNameLength}`);
  }
  if (!METRIC_NAME.test(name)) {
    reject(
      'name',
      `invalid metric name ${JSON.stringify(name.slice(0, 80))}: use letters, digits and _ . - / :, starting with a letter`,
    );
  }
  const unit = metric.unit ?? '';
  if (unit.length > limits.maxUnitLength || !PRINTABLE_ASCII.test(unit)) {
    reject('unit', `unit must be at most ${limits.maxUnitLength} printable ASCII characters`);
  }
}

export function checkTime(timeNs: bigint, nowMs: number, limits: IngestLimits): number {
  if (timeNs === 0n) return reject('timeUnixNano', 'missing (0); every data point needs its time');
  const timeMs = nanosToMs(timeNs);
  if (timeMs > nowMs + limits.maxFutureSkewMillis) {
    reject(
      'timeUnixNano',
      `${new Date(timeMs).toISOString()} is more than ${limits.maxFutureSkewMillis / 60_000} min ahead of the server clock`,
    );
  }
  if (timeMs < nowMs - limits.maxAgeMillis) {
    reject(
      'timeUnixNano',
      `${new Date(timeMs).toISOString()} is older than the longest retention (${limits.maxAgeMillis / 86_400_000} days)`,
    );
  }
  return timeMs;
}

export function serviceName(rm: OtlpResourceMetrics, limits: IngestLimits): string {
  const attr = rm.resource?.attributes?.find((kv) => kv.key === 'service.name');
  const name = attr ? stringifyAnyValue(attr.value) : '';
  if (name.length > limits.maxAttributeValueLength) {
    reject('service.name', `service.name of ${name.length} characters exceeds ${limits.maxAttributeValueLength}`);
  }
  return name.length > 0 ? name : UNKNOWN_SERVICE;
}

export function resourceIdentity(rm: OtlpResourceMetrics): string {
  const entries = (rm.resource?.attributes ?? []).map((kv) => [kv.key, stringifyAnyValue(kv.value)]);
  entries.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
  return JSON.stringify(entries);
}

export function scopeIdentity(scope: OtlpScope | undefined): string {
  return `${scope?.name ?? ''}@${scope?.version ?? ''}`;
}

function countPoints(rm: OtlpResourceMetrics): number {
  let n = 0;
  for (const sm of rm.scopeMetrics ?? []) {
    for (const metric of sm.metrics ?? []) {
      const kind = Object.values(METRIC_KINDS).find((k) => k.dataPoints(metric) !== undefined);
      n += kind?.dataPoints(metric)?.length ?? 0;
    }
  }
  return n;
}

export function describe(path: string, err: unknown, metricName: string | undefined): string {
  const suffix = metricName ? ` (metric ${JSON.stringify(metricName.slice(0, 80))})` : '';
  if (err instanceof PointRejectedError) return `${err.field ? `${path}.${err.field}` : path}: ${err.message}${suffix}`;
  return `${path}: could not convert (${err instanceof Error ? err.message : String(err)})${suffix}`;
}
