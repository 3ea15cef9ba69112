import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Body byte counts of one request, kept on the middleware's request record. Lengths come from Content-Length
 * whenever it is known (request header; response header as res.json/res.send set it); bytes are counted only
 * when it is not (chunked bodies, streamed or compressed responses).
 */
export interface BodyCounts {
  /** Bytes of a chunked request body the app read so far. */
  requestCounted: number;
  /** Response body bytes written while no Content-Length was set. */
  responseCounted: number;
  /** The response's own write/end, called through by the counting ones. */
  write: ServerResponse['write'] | undefined;
  end: ServerResponse['end'] | undefined;
}

// Symbol.for so two agent copies in one process agree on where a response's counts live.
const COUNTS = Symbol.for('stride.agent.bodyCounts');
type Counted = { [COUNTS]?: BodyCounts };

/**
 * Starts counting what cannot be read from headers at the end: a chunked request body (from 'data' emissions,
 * without touching the stream's flow mode), and response bytes written without a Content-Length (after any
 * compression middleware mounted later). The counting write/end are shared functions, not per-request closures.
 */
export function startBodyCounts(req: IncomingMessage, res: ServerResponse, counts: BodyCounts): void {
  if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] !== undefined) {
    (req as Counted)[COUNTS] = counts;
    const emit = req.emit;
    req.emit = function countingEmit(this: IncomingMessage, event: string | symbol, ...args: unknown[]) {
      if (event === 'data') counts.requestCounted += byteLengthOf(args[0], undefined);
      return emit.call(this, event, ...args);
    } as typeof req.emit;
  }
  (res as Counted)[COUNTS] = counts;
  counts.write = res.write;
  counts.end = res.end;
  res.write = countingWrite as typeof res.write;
  res.end = countingEnd as typeof res.end;
}

/** Request body bytes: Content-Length when sent, the counted bytes of a chunked body, 0 for bodyless requests. */
export function requestBytesOf(req: IncomingMessage, counts: BodyCounts): number {
  const declared = req.headers['content-length'];
  if (declared === undefined) return counts.requestCounted;
  const n = Number(declared);
  return Number.isFinite(n) && n >= 0 ? n : 0;
}

/** Response body bytes, headers excluded: Content-Length when the response had one, else the bytes counted. */
export function responseBytesOf(req: IncomingMessage, res: ServerResponse, counts: BodyCounts): number {
  if (req.method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304) return counts.responseCounted;
  const declared = res.getHeader('content-length');
  if (declared === undefined) return counts.responseCounted;
  const n = Number(declared);
  return Number.isFinite(n) && n >= 0 ? n : counts.responseCounted;
}

function countingWrite(this: ServerResponse & Counted, chunk: unknown, encoding?: unknown, cb?: unknown): boolean {
  const counts = this[COUNTS] as BodyCounts;
  if (!this.hasHeader('content-length')) counts.responseCounted += byteLengthOf(chunk, encoding);
  return (counts.write as (...a: unknown[]) => boolean).call(this, chunk, encoding, cb);
}

function countingEnd(this: ServerResponse & Counted, chunk?: unknown, encoding?: unknown, cb?: unknown): unknown {
  const counts = this[COUNTS] as BodyCounts;
  if (typeof chunk !== 'function' && !this.hasHeader('content-length')) {
    counts.responseCounted += byteLengthOf(chunk, encoding);
  }
  return (counts.end as (...a: unknown[]) => unknown).call(this, chunk, encoding, cb);
}

function byteLengthOf(chunk: unknown, encoding: unknown): number {
  if (typeof chunk === 'string') {
    return Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  }
  if (chunk instanceof Uint8Array) return chunk.byteLength;
  return 0;
}
