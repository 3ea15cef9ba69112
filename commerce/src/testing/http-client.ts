import http from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

export interface TestResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Bytes as sent on the wire (still compressed when Content-Encoding is set). */
  raw: Buffer;
  /** Decoded body text. */
  text: string;
  json: unknown;
}

export interface TestRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
}

const DECODERS: Readonly<Record<string, (b: Buffer) => Buffer>> = {
  gzip: gunzipSync,
  deflate: inflateSync,
  br: brotliDecompressSync,
};

/**
 * One request without fetch's conveniences: no automatic Accept-Encoding or decompression, so tests see exactly
 * what the server sent (Content-Encoding, ETag, compressed bytes). A new connection per request.
 */
export function request(
  baseUrl: string,
  path: string,
  { method = 'GET', headers = {}, body }: TestRequest = {},
): Promise<TestResponse> {
  const payload = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, baseUrl), {
      method,
      agent: false,
      headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...headers },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const encoding = res.headers['content-encoding'];
        const decode = encoding ? DECODERS[encoding] : undefined;
        const text = (decode ? decode(raw) : raw).toString('utf8');
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, text, json });
      });
    });
    req.end(payload);
  });
}
