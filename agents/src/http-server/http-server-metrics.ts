import type { Attributes } from '../metrics/attributes.js';
import { normalizeMethod } from '../metrics/http-methods.js';
import type { Instrument, Meter } from '../metrics/meter.js';

/** The series key and attribute set of one (method, route, status); shared by all three instruments. */
interface SeriesId {
  readonly key: string;
  readonly attributes: Attributes;
}

// Past this many cached (method, route, status) triples, new ones are built per request (the meter caps series too).
const MAX_CACHED_SERIES = 2_000;

/**
 * The HTTP server metrics of the semantic conventions (http.server.request.duration in s; request/response
 * body size in By), all three with http.request.method, http.route and http.response.status_code. Requests
 * that match no route carry no http.route (the conventions forbid a made-up value), so they all share one series
 * per method and status.
 */
export class HttpServerMetrics {
  /** method → route ('' for none) → status → the series' key and attributes, built once and reused. */
  readonly #series = new Map<string, Map<string, Map<number, SeriesId>>>();
  #seriesCount = 0;
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

  /** One finished request; `route` is the template, undefined when the request matched no route. */
  record(
    rawMethod: string,
    route: string | undefined,
    statusCode: number,
    durationSeconds: number,
    requestBytes: number,
    responseBytes: number,
  ): void {
    const { key, attributes } = this.#seriesOf(normalizeMethod(rawMethod), route, statusCode);
    this.#duration.record(key, attributes, durationSeconds);
    this.#requestSize.record(key, attributes, requestBytes);
    this.#responseSize.record(key, attributes, responseBytes);
  }

  #seriesOf(method: string, route: string | undefined, statusCode: number): SeriesId {
    const routeKey = route ?? '';
    let byStatus = this.#series.get(method)?.get(routeKey);
    let series = byStatus?.get(statusCode);
    if (series) return series;
    series = {
      key: `${method} ${statusCode} ${routeKey}`,
      attributes:
        route === undefined
          ? { 'http.request.method': method, 'http.response.status_code': statusCode }
          : { 'http.request.method': method, 'http.route': route, 'http.response.status_code': statusCode },
    };
    if (this.#seriesCount >= MAX_CACHED_SERIES) return series;
    let byRoute = this.#series.get(method);
    if (!byRoute) {
      byRoute = new Map();
      this.#series.set(method, byRoute);
    }
    if (!byStatus) {
      byStatus = new Map();
      byRoute.set(routeKey, byStatus);
    }
    byStatus.set(statusCode, series);
    this.#seriesCount++;
    return series;
  }
}
