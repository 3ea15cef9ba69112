import type { IncomingMessage, ServerResponse } from 'node:http';

/** Reads a byte count when the request completes. */
export type ByteCount = () => number;

/**
 * Request body bytes: Content-Length when sent; for chunked bodies, the bytes the app actually read (counted
 * from 'data' emissions without touching the stream's flow mode); 0 for bodyless requests.
 */
export function countRequestBytes(req: IncomingMessage): ByteCount {
  const declared = req.headers['content-length'];
  if (declared !== undefined) {
    const n = Number(declared);
    return () => (Number.isFinite(n) && n >= 0 ? n : 0);
  }
  if (req.headers['transfer-encoding'] === undefined) return () => 0;
  let bytes = 0;
  const emit = req.emit;
  req.emit = function countingEmit(this: IncomingMessage, event: string | symbol, ...args: unknown[]) {
    if (event === 'data') bytes += byteLengthOf(args[0], undefined);
    return emit.call(this, event, ...args);
  } as typeof req.emit;
  return () => bytes;
}

/** Response body bytes the app wrote (after any compression middleware mounted later), headers excluded. */
export function countResponseBytes(res: ServerResponse): ByteCount {
  let bytes = 0;
  const write = res.write;
  const end = res.end;
  res.write = function countingWrite(this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    bytes += byteLengthOf(chunk, rest[0]);
    return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof res.write;
  res.end = function countingEnd(this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    if (typeof chunk !== 'function') bytes += byteLengthOf(chunk, rest[0]);
    return (end as (...a: unknown[]) => ServerResponse).call(this, chunk, ...rest);
  } as typeof res.end;
  return () => bytes;
}

function byteLengthOf(chunk: unknown, encoding: unknown): number {
  if (typeof chunk === 'string') {
    return Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  }
  if (chunk instanceof Uint8Array) return chunk.byteLength;
  return 0;
}
