import type { Instrument, Meter } from '../metrics/meter.js';

/** One finished outbound HTTP call. */
export interface ClientRequestRecord {
  /** Already normalized (known method or _OTHER). */
  method: string;
  host: string;
  port: number;
  /** Undefined when no response arrived. */
  statusCode: number | undefined;
  /** Status ≥ 400 as a string, or the failure's code (ECONNREFUSED, UND_ERR_CONNECT_TIMEOUT, AbortError…). */
  errorType: string | undefined;
  /** Undefined when unknown (no socket was assigned). */
  socketReused: boolean | undefined;
  durationSeconds: number;
}

/**
 * http.client.request.duration (s) by method, server address and port, status, error type and whether the
 * connection was reused (stride.socket.reused: a `false` share on a keep-alive client is a missing Agent).
 */
export class HttpClientMetrics {
  readonly #duration: Instrument;

  constructor(meter: Meter) {
    this.#duration = meter.histogram({
      name: 'http.client.request.duration',
      unit: 's',
      description: 'Duration of outbound HTTP requests, until the response body ended.',
    });
  }

  record(call: ClientRequestRecord): void {
    const { method, host, port, statusCode, errorType, socketReused } = call;
    const key = `${method} ${host} ${port} ${statusCode ?? ''} ${errorType ?? ''} ${socketReused ?? ''}`;
    const attributes: Record<string, string | number | boolean> = {
      'http.request.method': method,
      'server.address': host,
      'server.port': port,
    };
    if (statusCode !== undefined) attributes['http.response.status_code'] = statusCode;
    if (errorType !== undefined) attributes['error.type'] = errorType;
    if (socketReused !== undefined) attributes['stride.socket.reused'] = socketReused;
    this.#duration.record(key, attributes, call.durationSeconds);
  }
}
