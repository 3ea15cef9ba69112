import type { ActiveCall, CallRecorder } from '../instrumentation/call-recorder.js';
import type { AttributeValue } from '../metrics/attributes.js';
import { normalizeMethod } from '../metrics/http-methods.js';
import { SpanKind } from '../otlp/types.js';
import { urlKeys } from '../tracing/scalar-values.js';
import { formatTraceParent } from '../tracing/traceparent.js';
import { hashValues, ValueHasher } from '../tracing/value-hash.js';
import type { HttpClientMetrics } from './http-client-metrics.js';
import { urlTemplate } from './url-template.js';

export interface OutboundRequest {
  method: string;
  host: string;
  port: number;
  /** Path and query as sent. */
  path: string;
}

/** An outbound HTTP call in flight, whichever client (undici/fetch, node:http) makes it. */
export interface OutboundCall {
  readonly call: ActiveCall;
  readonly request: OutboundRequest;
  readonly dependsOn: string | undefined;
  statusCode?: number;
  socketReused?: boolean;
  done: boolean;
}

/** Start and end of outbound calls: metrics always, a CLIENT span and traceparent inside a traced request. */
export class OutboundCalls {
  readonly #hasher = new ValueHasher();

  constructor(
    private readonly recorder: CallRecorder,
    private readonly metrics: HttpClientMetrics,
  ) {}

  start(request: OutboundRequest): OutboundCall {
    const call = this.recorder.start();
    const dependsOn = call.trace ? this.recorder.dependsOn(call, urlKeys(request.path)) : undefined;
    return { call, request: { ...request, method: normalizeMethod(request.method) }, dependsOn, done: false };
  }

  /** The traceparent to send, making this call's span the downstream server span's parent. */
  traceparent({ call }: OutboundCall): string | undefined {
    return call.trace && call.spanId ? formatTraceParent(call.trace.traceId, call.spanId) : undefined;
  }

  /** Ends the call (once): `error` when it failed before or while receiving the response. */
  finish(outbound: OutboundCall, error?: unknown): void {
    if (outbound.done) return;
    outbound.done = true;
    const { call, request, statusCode, socketReused } = outbound;
    const errorType =
      error !== undefined
        ? failureType(error)
        : statusCode !== undefined && statusCode >= 400
          ? String(statusCode)
          : undefined;
    let span: Parameters<CallRecorder['finish']>[1];
    const template = call.trace ? urlTemplate(request.path) : '';
    if (call.trace) {
      const attributes: Record<string, AttributeValue> = {
        'http.request.method': request.method,
        'server.address': request.host,
        'server.port': request.port,
        'url.template': template,
      };
      // Same method, host and path+query in one request (or concurrent ones) is a duplicate call the service flags.
      const targetHash = hashValues(
        [request.method, request.host, request.port, request.path],
        undefined,
        this.#hasher,
      );
      if (targetHash !== undefined) attributes['stride.http.target_hash'] = targetHash;
      if (statusCode !== undefined) attributes['http.response.status_code'] = statusCode;
      if (socketReused !== undefined) attributes['stride.socket.reused'] = socketReused;
      if (outbound.dependsOn !== undefined) attributes['stride.depends_on'] = outbound.dependsOn;
      span = { name: `${request.method} ${template}`, kind: SpanKind.CLIENT, attributes, error: errorType };
    }
    const ms = this.recorder.finish(call, span, { repeatKey: `http ${request.method} ${request.host} ${template}` });
    this.metrics.record({
      method: request.method,
      host: request.host,
      port: request.port,
      statusCode,
      errorType,
      socketReused,
      durationSeconds: ms / 1000,
    });
  }
}

/** ECONNREFUSED, UND_ERR_SOCKET, ABORT_ERR… when the error has a code; its class name otherwise. */
function failureType(error: unknown): string {
  const { code, name, cause } = (error ?? {}) as { code?: unknown; name?: unknown; cause?: { code?: unknown } };
  if (typeof code === 'string' && code) return code;
  if (typeof cause?.code === 'string' && cause.code) return cause.code;
  return typeof name === 'string' && name ? name : 'Error';
}
