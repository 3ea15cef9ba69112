import type { Attributes } from '../metrics/attributes.js';
import { normalizeMethod } from '../metrics/http-methods.js';
import type { Instrument, Meter } from '../metrics/meter.js';

/** One finished request, as the middleware observed it. */
export interface ServerRequestRecord {
  method: string;
  /** Route template; undefined when the request matched no route. */
  route: string | undefined;
  statusCode: number;
  durationSeconds: number;
  requestBytes: number;
  responseBytes: number;
}

/**
 * The HTTP server metrics of the semantic conventions (http.server.request.duration in s; request/response
 * body size in By), all three with http.request.method, http.route and http.response.status_code. Requests
 * that match no route carry no http.route (the conventions forbid a made-up value), so they all share one series
 * per method and status.
 */
export class HttpServerMetrics {
  readonly #duration: Instrument;
  readonly #requestSize: Instrument;
  readonly #responseSize: Instrument;

  constructor(meter: Meter) {
    this.#duration = meter.histogram({
      name: 'http.server.request.duration',
      unit: 's',
      description: 'Duration of HTTP server requests.',
    });
    this.#requestSize = meter.histogram({
      name: 'http.server.request.body.size',
      unit: 'By',
      description: 'Size of HTTP server request bodies.',
    });
    this.#responseSize = meter.histogram({
      name: 'http.server.response.body.size',
      unit: 'By',
      description: 'Size of HTTP server response bodies.',
    });
  }

  record(request: ServerRequestRecord): void {
    const method = normalizeMethod(request.method);
    const { route, statusCode } = request;
    const key = `${method} ${statusCode} ${route ?? ''}`;
    const attributes: Attributes =
      route === undefined
        ? { 'http.request.method': method, 'http.response.status_code': statusCode }
        : { 'http.request.method': method, 'http.route': route, 'http.response.status_code': statusCode };
    this.#duration.record(key, attributes, request.durationSeconds);
    this.#requestSize.record(key, attributes, request.requestBytes);
    this.#responseSize.record(key, attributes, request.responseBytes);
  }
}
