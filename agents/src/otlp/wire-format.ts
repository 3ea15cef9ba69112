import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { OtlpEncoding } from './codec.js';

const gzipAsync = promisify(gzip);

/** Content types of the OTLP/HTTP encodings, keyed by encoding. */
export const CONTENT_TYPES: Readonly<Record<OtlpEncoding, string>> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

export interface Compression {
  /** Content-Encoding header value, absent for identity. */
  contentEncoding?: string;
  compress(body: Uint8Array): Promise<Uint8Array>;
}

/** Request-body compressions, keyed by the `compression` option. gzip runs on libuv's pool, off the event loop. */
export const COMPRESSIONS: Readonly<Record<'gzip' | 'none', Compression>> = {
  gzip: { contentEncoding: 'gzip', compress: (body) => gzipAsync(body) },
  none: { compress: async (body) => body },
};

/** The encoding a response body is in, from its Content-Type; OTLP servers answer in the request's encoding. */
export function encodingOfContentType(contentType: string | undefined, fallback: OtlpEncoding): OtlpEncoding {
  if (contentType?.includes('json')) return 'json';
  if (contentType?.includes('protobuf')) return 'protobuf';
  return fallback;
}
