import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { type AnyFunction, hookMethod } from '../instrumentation/method-hooks.js';
import { requestStates } from './request-states.js';

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
}

type BodyHook = (res: ServerResponse, chunk: unknown, encoding: unknown) => void;

/**
 * Counts the bytes of a chunked request body (no Content-Length) from its 'data' emissions, without touching the
 * stream's flow mode. Rare, so a per-request wrapper is fine here.
 */
export function countChunkedRequestBody(req: IncomingMessage, counts: BodyCounts): void {
  if (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] === undefined) return;
  const emit = req.emit;
  req.emit = function countingEmit(this: IncomingMessage, event: string | symbol, ...args: unknown[]) {
    if (event === 'data') counts.requestCounted += byteLengthOf(args[0], undefined);
    return emit.call(this, event, ...args);
  } as typeof req.emit;
}

/**
 * Counts response bytes written without a Content-Length (after any compression middleware, which writes through
 * these) for the requests `owner` measures, by hooking ServerResponse.prototype.write and .end once per process
 * rather than wrapping every response: a per-request property on res costs far more (see request-states.ts).
 * Returns the unhook function; the wrappers then pass straight through.
 */
export function countResponseWrites(owner: object, onError: (err: unknown) => void): () => void {
  const hook: BodyHook = (res, chunk, encoding) => {
    try {
      const state = requestStates.get(res.req);
      if (state === undefined || state.owner !== owner || state.responseCounted === undefined) return;
      if (typeof chunk === 'function' || res.hasHeader('content-length')) return;
      state.responseCounted += byteLengthOf(chunk, encoding);
    } catch (err) {
      onError(err);
    }
  };
  const proto = http.ServerResponse.prototype;
  const unhooks = [hookMethod(proto, 'write', hook, wrapBodyMethod), hookMethod(proto, 'end', hook, wrapBodyMethod)];
  return () => {
    for (const unhook of unhooks) unhook();
  };
}

function wrapBodyMethod(original: AnyFunction, hooks: ReadonlySet<BodyHook>): AnyFunction {
  return function strideCountBody(this: ServerResponse, chunk?: unknown, encoding?: unknown, cb?: unknown) {
    for (const hook of hooks) hook(this, chunk, encoding);
    return original.call(this, chunk, encoding, cb);
  };
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

function byteLengthOf(chunk: unknown, encoding: unknown): number {
  if (typeof chunk === 'string') {
    return Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  }
  if (chunk instanceof Uint8Array) return chunk.byteLength;
  return 0;
}
