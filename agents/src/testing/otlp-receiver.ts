import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import {
  decodeMetricsRequest,
  decodeTracesRequest,
  encodeMetricsResponse,
  encodeTracesResponse,
  type OtlpEncoding,
} from '../otlp/codec.js';
import type { OtlpMetricsRequest, OtlpMetricsResponse, OtlpTracesRequest, OtlpTracesResponse } from '../otlp/types.js';

export type OtlpSignalPath = 'metrics' | 'traces';

export interface ReceivedExport {
  headers: http.IncomingHttpHeaders;
  encoding: OtlpEncoding;
  request: OtlpMetricsRequest;
}

export interface ReceivedTraces {
  headers: http.IncomingHttpHeaders;
  encoding: OtlpEncoding;
  request: OtlpTracesRequest;
}

/**
 * What the receiver answers to the n-th (0-based, counted per signal) export: a status with headers/response,
 * or never ('hang').
 */
export type ReceiverReply =
  | {
      status: number;
      headers?: Record<string, string>;
      response?: OtlpMetricsResponse;
      tracesResponse?: OtlpTracesResponse;
    }
  | 'hang';

/**
 * A minimal OTLP/HTTP endpoint on 127.0.0.1:<random port> for integration tests: gunzips and decodes each
 * POST /v1/metrics and /v1/traces with the project codec and answers per `reply(n, signal)` (default 200).
 * Not part of the public API.
 */
export async function startOtlpReceiver(
  reply: (n: number, signal: OtlpSignalPath) => ReceiverReply = () => ({ status: 200 }),
  port = 0,
) {
  const received: ReceivedExport[] = [];
  const receivedTraces: ReceivedTraces[] = [];
  const attempts: number[] = [];
  const traceAttempts: number[] = [];
  const waiters: Array<{ ready: () => boolean; resolve: () => void }> = [];
  const counts: Record<OtlpSignalPath, number> = { metrics: 0, traces: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const signal: OtlpSignalPath = req.url?.endsWith('/v1/traces') ? 'traces' : 'metrics';
      (signal === 'traces' ? traceAttempts : attempts).push(Date.now());
      const answer = reply(counts[signal]++, signal);
      if (answer === 'hang') return;
      const encoding: OtlpEncoding = String(req.headers['content-type']).includes('json') ? 'json' : 'protobuf';
      if (answer.status === 200) {
        let body = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        if (signal === 'traces') {
          receivedTraces.push({ headers: req.headers, encoding, request: decodeTracesRequest(body, encoding) });
        } else received.push({ headers: req.headers, encoding, request: decodeMetricsRequest(body, encoding) });
        for (const w of waiters.filter((w) => w.ready())) w.resolve();
      }
      const body = Buffer.from(
        signal === 'traces'
          ? encodeTracesResponse(answer.tracesResponse ?? {}, encoding)
          : encodeMetricsResponse(answer.response ?? {}, encoding),
      );
      res.writeHead(answer.status, {
        'content-type': encoding === 'json' ? 'application/json' : 'application/x-protobuf',
        ...answer.headers,
      });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  const waitFor = (ready: () => boolean) =>
    new Promise<void>((resolve) => {
      if (ready()) resolve();
      else waiters.push({ ready, resolve });
    });
  return {
    endpoint: `http://127.0.0.1:${bound}`,
    port: bound,
    received,
    receivedTraces,
    /** Wall-clock ms of every metrics POST, accepted or not. */
    attempts,
    /** Wall-clock ms of every traces POST, accepted or not. */
    traceAttempts,
    /** Resolves once `count` metrics exports were accepted. */
    waitForExports: (count: number) => waitFor(() => received.length >= count),
    /** Resolves once `count` trace exports were accepted. */
    waitForTraces: (count: number) => waitFor(() => receivedTraces.length >= count),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
