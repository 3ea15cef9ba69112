import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../agent/clock.js';
import { RequestTrace } from '../tracing/request-trace.js';
import type { Tracer } from '../tracing/tracer.js';
import {
  type BodyCounts,
  countChunkedRequestBody,
  countResponseWrites,
  requestBytesOf,
  responseBytesOf,
} from './body-size.js';
import type { HttpServerMetrics } from './http-server-metrics.js';
import { type MeasuredRequest, requestStates } from './request-states.js';
import { type PrefixNode, ROOT_PREFIX, templateOf } from './route-template.js';
import { patchRouterLayers } from './router-layer-patch.js';

/** Connect/Express middleware signature; assignable to Express 4 and 5 `app.use`. */
export type ExpressMiddleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

export interface ExpressMiddlewareDeps {
  metrics: HttpServerMetrics;
  clock: Clock;
  /** False after shutdown: requests are no longer measured. */
  isRecording: () => boolean;
  onError: (err: unknown) => void;
  /** Present when tracing is on: each request runs in its own trace context from here on. */
  tracer?: Tracer | undefined;
}

/**
 * Everything measured about one request, in one object: its trace (ids only when tracing is on), its route state
 * (the patched Router layers write it), its body counts. Found from the request through requestStates, so nothing
 * is added to req or res; after the response it holds no reference to either, so a trace the tail sampler keeps
 * pins only itself.
 */
class RequestRecord extends RequestTrace implements MeasuredRequest, BodyCounts {
  node: PrefixNode = ROOT_PREFIX;
  routeNode: PrefixNode = ROOT_PREFIX;
  routePath: string | undefined = undefined;
  requestCounted = 0;
  responseCounted = 0;
  done = false;

  constructor(
    readonly owner: object,
    method: string,
    url: string,
    startWallMs: number,
    startMonoMs: number,
  ) {
    super(method, url, startWallMs, startMonoMs);
  }
}

/**
 * Measures every request that passes it: mount it before the routes. It only reads clocks and counts bytes the
 * headers do not tell; all I/O happens at flush time. Its own failures are reported to onError, never to the host.
 * Per request: one record, one WeakMap entry, one shared 'close' listener, and (tracing on) an AsyncLocalStorage run.
 */
export function createExpressMiddleware(deps: ExpressMiddlewareDeps): ExpressMiddleware {
  const { metrics, clock, isRecording, onError, tracer } = deps;
  // False when the Router layers could not be patched: only the last route's own path is known then.
  let templatesAvailable = false;
  let patchAttempted = false;
  const owner = {};
  // Installed with the first request, so an agent never used as middleware patches nothing.
  let stopCounting: (() => void) | undefined;

  function onResponseClose(this: ServerResponse): void {
    const req = this.req;
    const record = requestStates.get(req) as RequestRecord | undefined;
    // 'close' follows 'finish' on every response, and comes alone when the client went away first.
    if (record === undefined || record.owner !== owner || record.done) return;
    record.done = true;
    try {
      const endMs = clock.monotonicMs();
      const route = routeOf(record, req, templatesAvailable);
      const responseBytes = responseBytesOf(req, this, record);
      const method = req.method ?? 'GET';
      const statusCode = this.statusCode;
      metrics.record(
        method,
        route,
        statusCode,
        Math.max(0, endMs - record.startMonoMs) / 1000,
        requestBytesOf(req, record),
        responseBytes,
      );
      if (tracer && record.traceId !== '') {
        record.responseBytes = responseBytes;
        record.contentEncoding = headerText(this.getHeader('content-encoding'));
        record.acceptEncoding = headerText(req.headers['accept-encoding']);
        tracer.finishRequest(record, route, statusCode, record.error, endMs);
      }
    } catch (err) {
      onError(err);
    }
  }

  return function strideMiddleware(req, res, next) {
    let record: RequestRecord | undefined;
    try {
      if (!patchAttempted) {
        patchAttempted = true;
        templatesAvailable = patchRouterLayers(req);
        stopCounting = countResponseWrites(owner, onError);
      }
      if (isRecording()) {
        record = new RequestRecord(owner, req.method ?? 'GET', req.url ?? '/', clock.nowMs(), clock.monotonicMs());
        if (tracer) tracer.begin(record, req.headers.traceparent);
        requestStates.set(req, record);
        countChunkedRequestBody(req, record);
        res.on('close', onResponseClose);
      } else if (stopCounting) {
        stopCounting();
        stopCounting = undefined;
      }
    } catch (err) {
      onError(err);
    }
    if (record && tracer) tracer.run(record, next);
    else next();
  };
}

function routeOf(record: RequestRecord, req: IncomingMessage, templatesAvailable: boolean): string | undefined {
  const route = templateOf(record);
  if (route !== undefined || templatesAvailable) return route;
  // Without patched layers only the last route's own path is known (no mount prefixes).
  const path = (req as { route?: { path?: unknown } }).route?.path;
  return typeof path === 'string' ? path : undefined;
}

function headerText(value: number | string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : String(value);
}
