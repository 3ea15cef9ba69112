// The telemetry destination every instrumented variant exports to: accepts any POST, drains the body, answers 200 and
// counts bytes per path, so exporters pay their full serialize-and-send cost without a collector to slow them down.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SinkCounts {
  requests: number;
  bytes: number;
}

export interface DiscardSink {
  url: string;
  port: number;
  /** Requests and body bytes per path since start, e.g. `{ '/v1/traces': { requests: 3, bytes: 81_920 } }`. */
  counts(): Record<string, SinkCounts>;
  close(): Promise<void>;
}

// What each protocol's client expects back. OTLP/HTTP protobuf: an empty ExportTraceServiceResponse (zero bytes).
// Datadog agent API: the sampling rates it would push to the tracer (none).
const RESPONSES: Record<string, { contentType: string; body: string }> = {
  '/v1/traces': { contentType: 'application/x-protobuf', body: '' },
  '/v1/metrics': { contentType: 'application/x-protobuf', body: '' },
  '/v0.4/traces': { contentType: 'application/json', body: '{"rate_by_service":{}}' },
  '/v0.5/traces': { contentType: 'application/json', body: '{"rate_by_service":{}}' },
};
const FALLBACK = { contentType: 'application/json', body: '{}' };

export async function startDiscardSink({ host = '127.0.0.1' }: { host?: string } = {}): Promise<DiscardSink> {
  const counts: Record<string, SinkCounts> = {};
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    counts[path] ??= { requests: 0, bytes: 0 };
    const entry = counts[path];
    entry.requests++;
    req.on('data', (chunk: Buffer) => {
      entry.bytes += chunk.length;
    });
    req.on('end', () => {
      const reply = RESPONSES[path] ?? FALLBACK;
      res.writeHead(200, { 'content-type': reply.contentType }).end(reply.body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    counts: () => structuredClone(counts),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
