import type { OtlpAnyValue, OtlpKeyValue, OtlpResourceSpans, OtlpSpan, OtlpTracesRequest } from '@stride/agent';
import { stringifyAnyValue } from './attributes.js';
import { UNKNOWN_SERVICE } from './convert-metrics.js';
import { PointRejectedError, reject } from './point-rejected-error.js';
import { type OnResource, ResourceNotifier } from './resource-identity.js';
import { SPAN_KINDS, type SpanAttributeValue, type SpanRecord, type SpanStatusName } from './spans.js';
import { DEFAULT_TRACE_LIMITS, type TraceLimits } from './trace-limits.js';
import { parseUnixNanos } from './unix-nanos.js';

export interface TraceConversionResult {
  spans: SpanRecord[];
  /** Spans rejected by validation (the OTLP `rejectedSpans`). */
  rejected: number;
  /** Path-bearing reasons, at most `limits.maxErrorMessages`; `rejected` counts them all. */
  errors: string[];
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ZERO = /^0+$/;
/** Status.code → name; unknown codes count as unset, as the specification says receivers should. */
const STATUS_NAMES: Readonly<Record<number, SpanStatusName>> = { 0: 'unset', 1: 'ok', 2: 'error' };

/**
 * Turns a decoded OTLP traces request into SpanRecords. Invalid spans are counted and explained, e.g.
 * `resourceSpans[0].scopeSpans[0].spans[3].endTimeUnixNano: end is before start by 2.5 ms`; the valid spans of
 * the same request are kept. A span's service is its resource's `service.name`.
 */
export function convertTracesRequest(
  request: OtlpTracesRequest,
  {
    nowMs,
    limits: overrides = {},
    onResource,
  }: { nowMs: number; limits?: Partial<TraceLimits> /** See OnResource. */; onResource?: OnResource },
): TraceConversionResult {
  const notifier = onResource ? new ResourceNotifier(onResource, nowMs) : undefined;
  const limits: TraceLimits = { ...DEFAULT_TRACE_LIMITS, ...overrides };
  const spans: SpanRecord[] = [];
  const errors: string[] = [];
  let rejected = 0;
  const fail = (path: string, err: unknown, count: number) => {
    rejected += count;
    if (errors.length < limits.maxErrorMessages) errors.push(describe(path, err));
  };

  (request.resourceSpans ?? []).forEach((rs, r) => {
    const rPath = `resourceSpans[${r}]`;
    let service: string;
    try {
      service = serviceName(rs, limits);
    } catch (err) {
      fail(`${rPath}.resource.attributes`, err, countSpans(rs));
      return;
    }
    notifier?.note(service, rs.resource?.attributes);
    (rs.scopeSpans ?? []).forEach((ss, s) => {
      (ss.spans ?? []).forEach((span, i) => {
        try {
          spans.push(convertSpan(span, service, nowMs, limits));
        } catch (err) {
          fail(`${rPath}.scopeSpans[${s}].spans[${i}]`, err, 1);
        }
      });
    });
  });
  return { spans, rejected, errors };
}

function convertSpan(span: OtlpSpan, service: string, nowMs: number, limits: TraceLimits): SpanRecord {
  const traceId = checkId(span.traceId, TRACE_ID, 'traceId', 32);
  const spanId = checkId(span.spanId, SPAN_ID, 'spanId', 16);
  const parentSpanId =
    span.parentSpanId === undefined || span.parentSpanId === ''
      ? null
      : checkId(span.parentSpanId, SPAN_ID, 'parentSpanId', 16);
  const name = span.name ?? '';
  if (name === '') reject('name', 'span name must not be empty');
  if (name.length > limits.maxNameLength) {
    reject('name', `span name of ${name.length} characters exceeds ${limits.maxNameLength}`);
  }
  const kind = SPAN_KINDS[span.kind ?? 0];
  if (kind === undefined) reject('kind', `expected a SpanKind 0-5, got ${JSON.stringify(span.kind)}`);

  const startNanos = parseUnixNanos(span.startTimeUnixNano, 'startTimeUnixNano');
  const endNanos = parseUnixNanos(span.endTimeUnixNano, 'endTimeUnixNano');
  if (startNanos === 0n) reject('startTimeUnixNano', 'span start time is required');
  if (endNanos < startNanos) {
    reject('endTimeUnixNano', `end is before start by ${Number(startNanos - endNanos) / 1e6} ms`);
  }
  // Whole microseconds first: a double then keeps every digit of unix ms to 3 decimals.
  const startMs = Number(startNanos / 1_000n) / 1_000;
  const durationMs = Number(endNanos - startNanos) / 1e6;
  if (startMs > nowMs + limits.maxFutureSkewMillis) {
    reject('startTimeUnixNano', `span starts ${Math.round(startMs - nowMs)} ms in the future (clock skew?)`);
  }
  if (startMs < nowMs - limits.maxAgeMillis) {
    reject('startTimeUnixNano', `span starts before the trace retention (${limits.maxAgeMillis} ms ago)`);
  }
  if (durationMs > limits.maxSpanDurationMillis) {
    reject('endTimeUnixNano', `span lasts ${durationMs} ms, longer than ${limits.maxSpanDurationMillis} ms`);
  }

  const statusMessage = span.status?.message ? span.status.message.slice(0, limits.maxAttributeValueLength) : null;
  return {
    traceId,
    spanId,
    parentSpanId,
    service,
    name,
    kind: kind!,
    startMs,
    durationMs,
    status: STATUS_NAMES[span.status?.code ?? 0] ?? 'unset',
    statusMessage,
    attributes: toSpanAttributes(span.attributes, limits),
  };
}

/** The codec hands ids over as lowercase hex; a wrong length or an all-zero id is invalid per the specification. */
function checkId(id: string | undefined, pattern: RegExp, field: string, length: number): string {
  if (id === undefined || id === '') return reject(field, `${field} is required`);
  if (!pattern.test(id))
    return reject(field, `expected ${length} hex characters, got ${JSON.stringify(id.slice(0, 40))}`);
  if (ZERO.test(id)) return reject(field, `${field} must not be all zeros`);
  return id;
}

/**
 * Span attributes as a flat object. Example: [{ key: 'db.response.returned_rows', value: { intValue: '3' } },
 * { key: 'tags', value: { arrayValue: { values: [{ stringValue: 'a' }] } } }] → { 'db.response.returned_rows': 3,
 * tags: '["a"]' }. Later duplicates win. Throws PointRejectedError naming the attribute over a limit.
 */
export function toSpanAttributes(
  keyValues: readonly OtlpKeyValue[] | undefined,
  limits: Pick<TraceLimits, 'maxAttributeKeyLength' | 'maxAttributeValueLength' | 'maxAttributesPerSpan'>,
): Record<string, SpanAttributeValue> {
  const out: Record<string, SpanAttributeValue> = {};
  if (!keyValues || keyValues.length === 0) return out;
  if (keyValues.length > limits.maxAttributesPerSpan) {
    reject('attributes', `${keyValues.length} attributes exceed the limit of ${limits.maxAttributesPerSpan}`);
  }
  keyValues.forEach(({ key, value }, i) => {
    if (typeof key !== 'string' || key === '') reject(`attributes[${i}].key`, 'attribute key must not be empty');
    if (key.length > limits.maxAttributeKeyLength) {
      reject(
        `attributes[${i}].key`,
        `attribute key of ${key.length} characters exceeds ${limits.maxAttributeKeyLength}`,
      );
    }
    const flat = flatValue(value);
    const length = typeof flat === 'string' ? flat.length : String(flat).length;
    if (length > limits.maxAttributeValueLength) {
      reject(
        `attributes[${i}] (${JSON.stringify(key.slice(0, 64))})`,
        `attribute value of ${length} characters exceeds ${limits.maxAttributeValueLength}`,
      );
    }
    // defineProperty: a `__proto__` key stays a plain key instead of changing the object's prototype.
    Object.defineProperty(out, key, { value: flat, enumerable: true, writable: true, configurable: true });
  });
  return out;
}

function flatValue(value: OtlpAnyValue | undefined): SpanAttributeValue {
  if (value?.stringValue !== undefined) return value.stringValue;
  if (value?.boolValue !== undefined) return value.boolValue;
  if (value?.intValue !== undefined) {
    const n = Number(value.intValue);
    return Number.isSafeInteger(n) ? n : String(value.intValue);
  }
  if (value?.doubleValue !== undefined) {
    return Number.isFinite(value.doubleValue) ? value.doubleValue : String(value.doubleValue);
  }
  return stringifyAnyValue(value);
}

function serviceName(rs: OtlpResourceSpans, limits: TraceLimits): string {
  const attr = rs.resource?.attributes?.find((kv) => kv.key === 'service.name');
  const name = attr ? stringifyAnyValue(attr.value) : '';
  if (name.length > limits.maxNameLength) {
    reject('service.name', `service.name of ${name.length} characters exceeds ${limits.maxNameLength}`);
  }
  return name.length > 0 ? name : UNKNOWN_SERVICE;
}

function countSpans(rs: OtlpResourceSpans): number {
  return (rs.scopeSpans ?? []).reduce((n, ss) => n + (ss.spans?.length ?? 0), 0);
}

function describe(path: string, err: unknown): string {
  if (err instanceof PointRejectedError) return `${err.field ? `${path}.${err.field}` : path}: ${err.message}`;
  return `${path}: could not convert (${err instanceof Error ? err.message : String(err)})`;
}
