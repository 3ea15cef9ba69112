import http from 'node:http';
import { UpstreamError } from './upstream-errors.js';

export interface JsonRequest {
  /** A keep-alive Agent to reuse sockets, or false for a new connection per call (Connection: close). */
  agent: http.Agent | false;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: URL;
  body?: unknown;
  headers?: Record<string, string>;
  /** Whole-call deadline (connect, send, wait, read); the socket is destroyed when it passes. */
  timeoutMillis: number;
}

export interface JsonResponse {
  statusCode: number;
  body: unknown;
  /** True when the call went over a socket kept alive from an earlier call. */
  socketReused: boolean;
}

/** One HTTP call with a JSON body each way; rejects with an UpstreamError, never a bare socket error. */
export function requestJson({
  agent,
  method,
  url,
  body,
  headers = {},
  timeoutMillis,
}: JsonRequest): Promise<JsonResponse> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(url, {
      agent,
      method,
      headers: {
        accept: 'application/json',
        ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
        ...headers,
      },
    });
    const timeout = new UpstreamError('timeout', `${method} ${url.pathname} timed out after ${timeoutMillis} ms`);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy(timeout);
    }, timeoutMillis);
    const fail = (err: unknown) => {
      clearTimeout(timer);
      // Past the deadline mid-response, the socket error says "aborted"; the cause is still the timeout.
      if (timedOut) return reject(timeout);
      reject(
        err instanceof UpstreamError
          ? err
          : new UpstreamError('connection', `${method} ${url.pathname}: ${(err as Error).message}`, undefined, {
              cause: err,
            }),
      );
    };
    req.on('error', fail);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', fail);
      res.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown;
        try {
          parsed = text === '' ? undefined : JSON.parse(text);
        } catch {
          reject(new UpstreamError('bad_response', `${method} ${url.pathname}: response is not JSON`, res.statusCode));
          return;
        }
        resolve({ statusCode: res.statusCode ?? 0, body: parsed, socketReused: req.reusedSocket });
      });
    });
    req.end(payload);
  });
}
