import type { Clock } from '../agent/clock.js';
import {
  decodeMetricsResponse,
  decodeTracesResponse,
  encodeOwnMetricsRequest,
  encodeOwnTracesRequest,
  type OtlpEncoding,
} from './codec.js';
import { backoffMillis, parseRetryAfterMillis, RETRYABLE_STATUS_CODES } from './retry-policy.js';
import type { Transport, TransportResponse } from './transport.js';
import type { OtlpMetricsRequest, OtlpTracesRequest } from './types.js';
import { COMPRESSIONS, CONTENT_TYPES, encodingOfContentType } from './wire-format.js';

/**
 * - `exported`: the endpoint took the batch; `rejectedItems` (data points or spans) it refused anyway (OTLP
 *   partialSuccess).
 * - `retryLater`: the budget ran out on retryable failures; keep the batch. `retryAfterMillis` when the server
 *   asked for more patience than the budget had left.
 * - `refused`: a final answer (400, 401, 413, …); resending the same bytes cannot succeed, so drop the batch.
 */
export type ExportOutcome =
  | { kind: 'exported'; rejectedItems: number; errorMessage?: string }
  | { kind: 'retryLater'; reason: string; retryAfterMillis?: number }
  | { kind: 'refused'; reason: string };

/** What differs between OTLP signals (metrics, traces) for an exporter: the request codec and partialSuccess. */
export interface OtlpSignal<R> {
  encode(request: R, encoding: OtlpEncoding): Uint8Array;
  /** Items the endpoint rejected, from a 2xx response body. */
  readRejected(body: Uint8Array, encoding: OtlpEncoding): { rejected: unknown; errorMessage: string | undefined };
}

export const METRICS_SIGNAL: OtlpSignal<OtlpMetricsRequest> = {
  encode: encodeOwnMetricsRequest,
  readRejected(body, encoding) {
    const partial = decodeMetricsResponse(body, encoding).partialSuccess;
    return { rejected: partial?.rejectedDataPoints, errorMessage: partial?.errorMessage };
  },
};

export const TRACES_SIGNAL: OtlpSignal<OtlpTracesRequest> = {
  encode: encodeOwnTracesRequest,
  readRejected(body, encoding) {
    const partial = decodeTracesResponse(body, encoding).partialSuccess;
    return { rejected: partial?.rejectedSpans, errorMessage: partial?.errorMessage };
  },
};

export interface ExporterOptions {
  /** Full URL, e.g. http://127.0.0.1:4318/v1/metrics. */
  url: string;
  apiKey: string | undefined;
  encoding: OtlpEncoding;
  compression: keyof typeof COMPRESSIONS;
  transport: Transport;
  clock: Clock;
  random: () => number;
  /** Budget for one batch: every attempt and every backoff wait fit inside it. */
  exportTimeoutMillis: number;
  initialBackoffMillis?: number;
  maxBackoffMillis?: number;
}

/** Options of the metrics exporter (the same for every signal). */
export type MetricsExporterOptions = ExporterOptions;

/**
 * Pushes one OTLP request per call, retrying (backoff + full jitter, Retry-After) within its budget. `prepare` and
 * `send` split `export` so a caller can encode and compress a batch once, drop its objects, and keep (and resend)
 * only the bytes.
 */
export class OtlpExporter<R> {
  readonly #headers: Record<string, string>;
  readonly #backoff: { initialBackoffMillis: number; maxBackoffMillis: number };

  constructor(
    private readonly options: ExporterOptions,
    private readonly signal: OtlpSignal<R>,
  ) {
    const { apiKey, encoding, compression, initialBackoffMillis = 500, maxBackoffMillis = 5000 } = options;
    const contentEncoding = COMPRESSIONS[compression].contentEncoding;
    this.#headers = {
      'content-type': CONTENT_TYPES[encoding],
      'user-agent': 'stride-agent',
      ...(contentEncoding ? { 'content-encoding': contentEncoding } : {}),
      ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
    };
    this.#backoff = { initialBackoffMillis, maxBackoffMillis };
  }

  async export(request: R): Promise<ExportOutcome> {
    let body: Uint8Array;
    try {
      body = await this.prepare(request);
    } catch (err) {
      return { kind: 'refused', reason: `could not encode the batch: ${(err as Error).message}` };
    }
    return this.send(body);
  }

  /** The request body as sent: encoded, then compressed. Rejects when the request cannot be encoded. */
  async prepare(request: R): Promise<Uint8Array> {
    return this.compress(this.signal.encode(request, this.options.encoding));
  }

  /** An encoded request as sent (the same bytes when compression is off). */
  compress(encoded: Uint8Array): Promise<Uint8Array> {
    return COMPRESSIONS[this.options.compression].compress(encoded);
  }

  /** Posts a body made by `prepare`, retrying within the export budget. */
  async send(body: Uint8Array): Promise<ExportOutcome> {
    const { url, encoding, transport, clock, random, exportTimeoutMillis } = this.options;
    const deadline = clock.monotonicMs() + exportTimeoutMillis;
    for (let attempt = 0; ; attempt++) {
      let reason: string;
      let retryAfterMillis: number | undefined;
      try {
        const timeoutMillis = Math.max(1, Math.ceil(deadline - clock.monotonicMs()));
        const response = await transport.send({ url, headers: this.#headers, body, timeoutMillis });
        if (response.statusCode >= 200 && response.statusCode < 300) return exported(response, encoding, this.signal);
        reason = `HTTP ${response.statusCode}${describeBody(response)}`;
        if (!RETRYABLE_STATUS_CODES.has(response.statusCode)) return { kind: 'refused', reason };
        retryAfterMillis = parseRetryAfterMillis(response.headers['retry-after'], clock.nowMs());
      } catch (err) {
        reason = (err as Error)?.message ?? String(err);
      }
      const delay = retryAfterMillis ?? backoffMillis(attempt, this.#backoff, random);
      if (delay >= deadline - clock.monotonicMs()) {
        return retryAfterMillis === undefined
          ? { kind: 'retryLater', reason }
          : { kind: 'retryLater', reason, retryAfterMillis };
      }
      await clock.sleep(delay);
    }
  }
}

function exported<R>(response: TransportResponse, requestEncoding: OtlpEncoding, signal: OtlpSignal<R>): ExportOutcome {
  try {
    const encoding = encodingOfContentType(response.headers['content-type'], requestEncoding);
    const partial = signal.readRejected(response.body, encoding);
    const rejected = Number(partial.rejected ?? 0);
    const rejectedItems = Number.isFinite(rejected) && rejected > 0 ? rejected : 0;
    const { errorMessage } = partial;
    return errorMessage ? { kind: 'exported', rejectedItems, errorMessage } : { kind: 'exported', rejectedItems };
  } catch {
    // A 2xx whose body we cannot read still means the batch was accepted.
    return { kind: 'exported', rejectedItems: 0 };
  }
}

function describeBody(response: TransportResponse): string {
  const type = response.headers['content-type'] ?? '';
  if (response.body.byteLength === 0 || !/json|text/.test(type)) return '';
  return `: ${Buffer.from(response.body.subarray(0, 300)).toString('utf8')}`;
}

export class OtlpMetricsExporter extends OtlpExporter<OtlpMetricsRequest> {
  constructor(options: ExporterOptions) {
    super(options, METRICS_SIGNAL);
  }
}

export class OtlpTracesExporter extends OtlpExporter<OtlpTracesRequest> {
  constructor(options: ExporterOptions) {
    super(options, TRACES_SIGNAL);
  }
}
