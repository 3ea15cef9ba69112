import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../agent/clock.js';
import type { RequestTrace } from '../tracing/request-trace.js';
import type { Tracer } from '../tracing/tracer.js';
import { type BodyCounts, requestBytesOf, responseBytesOf, startBodyCounts } from './body-size.js';
import type { HttpServerMetrics } from './http-server-metrics.js';
import { attachRouteState, matchedRouteOf, RouteState } from './route-template.js';
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

/** What finishing a request needs; shared by every request of one middleware. */
interface Recorder {
  metrics: HttpServerMetrics;
  clock: Clock;
  onError: (err: unknown) => void;
  tracer: Tracer | undefined;
  /** False when the Router layers could not be patched: only the last route's own path is known then. */
  templatesAvailable: boolean;
}

/**
 * Everything measured about one request, in one object: its route state (the patched layers write it), body
 * counts, start time and trace. Hung on the response so a single shared 'close' listener finds it.
 */
class RequestRecord extends RouteState implements BodyCounts {
  requestCounted = 0;
  responseCounted = 0;
  write: ServerResponse['write'] | undefined = undefined;
  end: ServerResponse['end'] | undefined = undefined;
  done = false;

  constructor(
    readonly req: IncomingMessage,
    readonly recorder: Recorder,
    readonly startMs: number,
    readonly trace: RequestTrace | undefined,
  ) {
    super();
  }
}

const RECORD = Symbol.for('stride.agent.requestRecord');
type WithRecord = { [RECORD]?: RequestRecord };

/**
 * Measures every request that passes it: mount it before the routes. It only reads clocks and counts bytes the
 * headers do not tell; all I/O happens at flush time. Its own failures are reported to onError, never to the host.
 */
export function createExpressMiddleware(deps: ExpressMiddlewareDeps): ExpressMiddleware {
  const { metrics, clock, isRecording, onError, tracer } = deps;
  const recorder: Recorder = { metrics, clock, onError, tracer, templatesAvailable: false };
  let patchAttempted = false;

  return function strideMiddleware(req, res, next) {
    let trace: RequestTrace | undefined;
    try {
      if (!patchAttempted) {
        patchAttempted = true;
        recorder.templatesAvailable = patchRouterLayers(req);
      }
      if (isRecording()) trace = observe(req, res);
    } catch (err) {
      onError(err);
    }
    if (trace && tracer) tracer.run(trace, next);
    else next();
  };

  function observe(req: IncomingMessage, res: ServerResponse): RequestTrace | undefined {
    const trace = tracer?.startRequest(req.method ?? 'GET', req.url ?? '/', req.headers.traceparent);
    const record = new RequestRecord(req, recorder, trace ? trace.startMonoMs : clock.monotonicMs(), trace);
    attachRouteState(req, record);
    startBodyCounts(req, res, record);
    (res as WithRecord)[RECORD] = record;
    // 'close' follows 'finish' on every response, and comes alone when the client went away first.
    res.on('close', onResponseClose);
    return trace;
  }
}

function onResponseClose(this: ServerResponse & WithRecord): void {
  const record = this[RECORD];
  if (!record || record.done) return;
  record.done = true;
  const { req, recorder } = record;
  try {
    const endMs = recorder.clock.monotonicMs();
    const route = routeOf(record);
    const responseBytes = responseBytesOf(req, this, record);
    recorder.metrics.record(
      req.method ?? 'GET',
      route,
      this.statusCode,
      Math.max(0, endMs - record.startMs) / 1000,
      requestBytesOf(req, record),
      responseBytes,
    );
    if (record.trace) {
      record.trace.responseBytes = responseBytes;
      record.trace.contentEncoding = headerText(this.getHeader('content-encoding'));
      record.trace.acceptEncoding = headerText(req.headers['accept-encoding']);
      recorder.tracer?.finishRequest(record.trace, route, this.statusCode, record.error, endMs);
    }
  } catch (err) {
    recorder.onError(err);
  }
}

function routeOf(record: RequestRecord): string | undefined {
  const route = matchedRouteOf(record.req);
  if (route !== undefined || record.recorder.templatesAvailable) return route;
  // Without patched layers only the last route's own path is known (no mount prefixes).
  const path = (record.req as { route?: { path?: unknown } }).route?.path;
  return typeof path === 'string' ? path : undefined;
}

function headerText(value: number | string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : String(value);
}
