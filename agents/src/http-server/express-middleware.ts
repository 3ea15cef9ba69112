import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../agent/clock.js';
import type { RequestTrace } from '../tracing/request-trace.js';
import type { Tracer } from '../tracing/tracer.js';
import { countRequestBytes, countResponseBytes } from './body-size.js';
import type { HttpServerMetrics } from './http-server-metrics.js';
import { matchedRouteOf, routeErrorOf } from './route-template.js';
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
 * Measures every request that passes it: mount it before the routes. It only reads clocks and wraps write/end
 * to count bytes; all I/O happens at flush time. Its own failures are reported to onError, never to the host.
 */
export function createExpressMiddleware(deps: ExpressMiddlewareDeps): ExpressMiddleware {
  const { metrics, clock, isRecording, onError, tracer } = deps;
  let patchAttempted = false;
  let templatesAvailable = false;

  return function strideMiddleware(req, res, next) {
    let trace: RequestTrace | undefined;
    try {
      if (!patchAttempted) {
        patchAttempted = true;
        templatesAvailable = patchRouterLayers(req);
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
    const startMs = trace ? trace.startMonoMs : clock.monotonicMs();
    const requestBytes = countRequestBytes(req);
    const responseBytes = countResponseBytes(res);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      try {
        const endMs = clock.monotonicMs();
        const route = routeOf(req);
        metrics.record({
          method: req.method ?? 'GET',
          route,
          statusCode: res.statusCode,
          durationSeconds: Math.max(0, endMs - startMs) / 1000,
          requestBytes: requestBytes(),
          responseBytes: responseBytes(),
        });
        if (trace) {
          tracer?.finishRequest(trace, {
            route,
            statusCode: res.statusCode,
            error: routeErrorOf(req),
            endMonoMs: endMs,
          });
        }
      } catch (err) {
        onError(err);
      }
    };
    // 'finish' when the response was handed to the OS; 'close' alone when the client went away first.
    res.once('finish', finish);
    res.once('close', finish);
    return trace;
  }

  function routeOf(req: IncomingMessage): string | undefined {
    const route = matchedRouteOf(req);
    if (route !== undefined || templatesAvailable) return route;
    // Without patched layers only the last route's own path is known (no mount prefixes).
    const path = (req as { route?: { path?: unknown } }).route?.path;
    return typeof path === 'string' ? path : undefined;
  }
}
