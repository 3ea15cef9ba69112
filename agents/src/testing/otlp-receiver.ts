import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { decodeMetricsRequest, encodeMetricsResponse, type OtlpEncoding } from '../otlp/codec.js';
import type { OtlpMetricsRequest, OtlpMetricsResponse } from '../otlp/types.js';

export interface ReceivedExport {
  headers: http.IncomingHttpHeaders;
  encoding: OtlpEncoding;
  request: OtlpMetricsRequest;
}

/** What the receiver answers to the n-th (0-based) export: a status with headers/response, or never ('hang'). */
export type ReceiverReply =
  | { status: number; headers?: Record<string, string>; response?: OtlpMetricsResponse }
  | 'hang';

/**
 * A minimal OTLP/HTTP metrics endpoint on 127.0.0.1:<random port> for integration tests: gunzips and decodes each
 * POST /v1/metrics with the project codec and answers per `reply` (default 200). Not part of the public API.
 */
export async function startOtlpReceiver(reply: (n: number) => ReceiverReply = () => ({ status: 200 }), port = 0) {
  const received: ReceivedExport[] = [];
  const attempts: number[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      attempts.push(Date.now());
      const answer = reply(n++);
      if (answer === 'hang') return;
      const encoding: OtlpEncoding = String(req.headers['content-type']).includes('json') ? 'json' : 'protobuf';
      if (answer.status === 200) {
        let body = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        received.push({ headers: req.headers, encoding, request: decodeMetricsRequest(body, encoding) });
        for (const w of waiters.filter((w) => received.length >= w.count)) w.resolve();
      }
      const body = Buffer.from(encodeMetricsResponse(answer.response ?? {}, encoding));
      res.writeHead(answer.status, {
        'content-type': encoding === 'json' ? 'application/json' : 'application/x-protobuf',
        ...answer.headers,
      });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${bound}`,
    port: bound,
    received,
    /** Wall-clock ms of every POST, accepted or not. */
    attempts,
    /** Resolves once `count` exports were accepted. */
    waitForExports: (count: number) =>
      new Promise<void>((resolve) => {
        if (received.length >= count) resolve();
        else waiters.push({ count, resolve });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
