import { type Attributes, toKeyValues } from '../metrics/attributes.js';
import { type OtlpSpan, SpanKind, SpanStatusCode } from '../otlp/types.js';
import type { RequestTrace } from './request-trace.js';
import type { SamplingReason } from './tail-sampler.js';

/**
 * A kept request as OTLP spans: the SERVER span first, then its children in the order they finished. Times are
 * the request's wall-clock start plus monotonic offsets, so child offsets are exact even if the wall clock steps.
 */
export function traceToSpans(trace: RequestTrace, reason: SamplingReason): OtlpSpan[] {
  const toNanos = (monoMs: number) => unixNanos(trace.startWallMs + (monoMs - trace.startMonoMs));
  const endMonoMs = Number.isFinite(trace.endMonoMs) ? trace.endMonoMs : trace.startMonoMs;
  const isError = trace.statusCode >= 500 || trace.error !== undefined;
  const attributes: Record<string, string | number> = {
    'http.request.method': trace.method,
    ...(trace.route !== undefined ? { 'http.route': trace.route } : {}),
    'http.response.status_code': trace.statusCode,
    'url.path': pathOf(trace.url),
    'stride.sampling.reason': reason,
  };
  const errorType = trace.error ?? (trace.statusCode >= 500 ? String(trace.statusCode) : undefined);
  if (errorType !== undefined) attributes['error.type'] = errorType;
  if (trace.droppedSpans > 0) attributes['stride.dropped_spans'] = trace.droppedSpans;
  if (trace.responseBytes !== undefined) attributes['http.response.body.size'] = trace.responseBytes;
  if (trace.contentEncoding !== undefined) attributes['http.response.header.content-encoding'] = trace.contentEncoding;
  if (trace.acceptEncoding !== undefined) attributes['http.request.header.accept-encoding'] = trace.acceptEncoding;
  const server: OtlpSpan = {
    traceId: trace.traceId,
    spanId: trace.spanId,
    ...(trace.parentSpanId ? { parentSpanId: trace.parentSpanId } : {}),
    name: trace.route === undefined ? trace.method : `${trace.method} ${trace.route}`,
    kind: SpanKind.SERVER,
    startTimeUnixNano: toNanos(trace.startMonoMs),
    endTimeUnixNano: toNanos(endMonoMs),
    attributes: toKeyValues(attributes),
    status: { code: isError ? SpanStatusCode.ERROR : SpanStatusCode.UNSET },
  };
  const spans = [server];
  for (const child of trace.children) {
    const childAttributes: Attributes =
      child.error === undefined ? child.attributes : { ...child.attributes, 'error.type': child.error };
    spans.push({
      traceId: trace.traceId,
      spanId: child.spanId,
      parentSpanId: trace.spanId,
      name: child.name,
      kind: child.kind,
      startTimeUnixNano: toNanos(child.startMonoMs),
      endTimeUnixNano: toNanos(child.endMonoMs),
      attributes: toKeyValues(childAttributes),
      status: { code: child.error === undefined ? SpanStatusCode.UNSET : SpanStatusCode.ERROR },
    });
  }
  return spans;
}

/** Unix ms (fractional) → nanoseconds as a decimal string; exact to the ns although the total exceeds 2^53. */
export function unixNanos(ms: number): string {
  const whole = Math.floor(ms);
  return (BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6))).toString();
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}
