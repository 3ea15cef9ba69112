import http from 'node:http';
import https from 'node:https';
import type { Transport, TransportRequest, TransportResponse } from './transport.js';

/**
 * Marks the http.Agents of an exporter transport; the outbound-HTTP instrumentation of every agent in the process
 * skips requests made through them, so exports never measure (or trace) themselves.
 */
export const EXPORTER_AGENT = Symbol.for('stride.agent.exporterAgent');

export interface HttpTransportOptions {
  /** Response bytes kept (OTLP responses are tiny; a misbehaving endpoint must not grow our memory). */
  maxResponseBytes?: number;
}

/**
 * Transport over node:http/https with its own keep-alive agents, so exports reuse one connection and the
 * outbound-HTTP instrumentation recognises (and skips) its own traffic by the EXPORTER_AGENT mark.
 */
export function createHttpTransport({ maxResponseBytes = 64 * 1024 }: HttpTransportOptions = {}): Transport & {
  readonly agents: readonly [http.Agent, https.Agent];
} {
  const agentOptions = { keepAlive: true, maxSockets: 2 };
  const httpAgent = new http.Agent(agentOptions);
  const httpsAgent = new https.Agent(agentOptions);
  for (const agent of [httpAgent, httpsAgent]) Object.defineProperty(agent, EXPORTER_AGENT, { value: true });
  return {
    agents: [httpAgent, httpsAgent],
    send: (request) => send(request, request.url.startsWith('https:') ? httpsAgent : httpAgent, maxResponseBytes),
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

function send(request: TransportRequest, agent: http.Agent, maxResponseBytes: number): Promise<TransportResponse> {
  const { url, headers, body, timeoutMillis } = request;
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...headers, 'content-length': String(body.byteLength) },
        signal: AbortSignal.timeout(timeoutMillis),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on('data', (chunk: Buffer) => {
          if (kept >= maxResponseBytes) return;
          chunks.push(chunk.subarray(0, maxResponseBytes - kept));
          kept += chunk.length;
        });
        res.on('error', reject);
        res.on('end', () => {
          const flat: Record<string, string | undefined> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            flat[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({ statusCode: res.statusCode ?? 0, headers: flat, body: Buffer.concat(chunks) });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
