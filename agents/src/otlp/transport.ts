/** One HTTP POST of an encoded OTLP body; the exporter decides about retries. */
export interface TransportRequest {
  url: string;
  headers: Readonly<Record<string, string>>;
  body: Uint8Array;
  /** Abort the request (and reject) after this long. */
  timeoutMillis: number;
}

export interface TransportResponse {
  statusCode: number;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string | undefined>>;
  body: Uint8Array;
}

/**
 * Sends export requests. Resolves with any HTTP response (status codes are the exporter's business) and rejects
 * only when no response arrived (connection refused, reset, timeout). Injected in tests.
 */
export interface Transport {
  send(request: TransportRequest): Promise<TransportResponse>;
  /** Releases sockets; called by agent.shutdown(). */
  close?(): void;
}
