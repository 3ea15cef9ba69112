import { createHash, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { OtlpEncoding } from '@stride/agent';
import type { Request, RequestHandler, Response } from 'express';
import { OverloadedError } from '../ingest/overloaded-error.js';
import {
  BadRequestError,
  HttpError,
  PayloadTooLargeError,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnauthorizedError,
} from './errors.js';
import { createConsoleLogger, type Logger } from './logger.js';

const gunzipAsync = promisify(gunzip);

/** What every OTLP/HTTP signal endpoint (/v1/metrics, /v1/traces) shares: auth, body limits, back-pressure. */
export interface OtlpEndpointOptions {
  /** Accepted `Authorization: Bearer <key>` values; null turns authentication off. */
  ingestKeys: readonly string[] | null;
  /** Largest body accepted, in bytes, both as sent and after gunzip (a gzip bomb stops at this size). */
  maxBodyBytes?: number;
  /** Concurrent requests (reading, converting or writing) before new ones get 429. */
  maxInFlightRequests?: number;
  /** Retry-After, in seconds, sent with 429 when maxInFlightRequests is reached. */
  busyRetryAfterSeconds?: number;
  logger?: Logger;
}

/**
 * One export: decodes the (inflated) body, stores what it can and returns the encoded 200 response
 * (Export*ServiceResponse). Throws an HttpError for anything else: BadRequestError for a malformed body,
 * ServiceUnavailableError when storage pushes back.
 */
export type OtlpExport = (body: Buffer, encoding: OtlpEncoding) => Promise<Uint8Array>;

const MEDIA_TYPES: Readonly<Record<string, OtlpEncoding>> = {
  'application/x-protobuf': 'protobuf',
  'application/json': 'json',
};
const CONTENT_TYPES: Readonly<Record<OtlpEncoding, string>> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};
/** google.rpc.Code values for the Status body OTLP/HTTP sends with every error. */
const RPC_CODES: Readonly<Record<number, number>> = {
  400: 3, // INVALID_ARGUMENT
  401: 16, // UNAUTHENTICATED
  413: 3,
  415: 3,
  429: 8, // RESOURCE_EXHAUSTED
  500: 13, // INTERNAL
  503: 14, // UNAVAILABLE
};

/**
 * An OTLP/HTTP POST handler around `exportBody`. Replies in the request's encoding: the export's response on 200,
 * a google.rpc.Status `{ code, message }` otherwise. 429/503 carry Retry-After, which OTLP exporters honour.
 * Mount it before any body parser: it reads the raw body itself to bound both compressed and inflated size.
 * Each endpoint counts its own in-flight requests.
 */
export function createOtlpEndpoint(
  {
    ingestKeys,
    maxBodyBytes = 8 * 1024 * 1024,
    maxInFlightRequests = 64,
    busyRetryAfterSeconds = 1,
    logger = createConsoleLogger(),
  }: OtlpEndpointOptions,
  exportBody: OtlpExport,
): RequestHandler {
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1)
    throw new RangeError('maxBodyBytes must be a positive integer');
  if (!Number.isInteger(maxInFlightRequests) || maxInFlightRequests < 1) {
    throw new RangeError('maxInFlightRequests must be a positive integer');
  }
  const keyDigests = ingestKeys?.map(digest) ?? null;
  let inFlight = 0;

  return async (req, res) => {
    const encoding = requestEncoding(req);
    if (inFlight >= maxInFlightRequests) {
      sendStatus(
        res,
        encoding ?? 'json',
        new TooManyRequestsError('too many concurrent export requests', busyRetryAfterSeconds),
      );
      return;
    }
    inFlight++;
    res.once('close', () => inFlight--);
    try {
      authenticate(req, keyDigests);
      if (!encoding) {
        const type = JSON.stringify(req.headers['content-type'] ?? '');
        throw unsupported(`unsupported Content-Type ${type}; use application/x-protobuf or application/json`);
      }
      const body = await readBody(req, res, maxBodyBytes);
      if (body === null) return; // the client went away
      const response = await exportBody(body, encoding);
      res.status(200).type(CONTENT_TYPES[encoding]).send(Buffer.from(response));
    } catch (err) {
      if (res.headersSent) return;
      if (err instanceof HttpError) {
        sendStatus(res, encoding ?? 'json', err);
        return;
      }
      logger.error('otlp ingest failed', { error: err instanceof Error ? err.stack : String(err) });
      sendStatus(res, encoding ?? 'json', new HttpError(500, 'internal', 'internal error', false));
    }
  };
}

/** Runs a decoder; whatever it throws is the body's fault (OtlpDecodeError says what and where): 400. */
export function decodeOr400<T>(decode: () => T): T {
  try {
    return decode();
  } catch (err) {
    throw new BadRequestError((err as Error).message || 'malformed body');
  }
}

/**
 * Maps a storage failure to the 503 exporters retry: OverloadedError keeps its Retry-After; unknown failures
 * (busy database, full disk) are usually transient, so they are logged and answered 503 too.
 */
export function storeFailure(err: unknown, logger: Logger, { logLine, message }: { logLine: string; message: string }) {
  if (err instanceof OverloadedError) return new ServiceUnavailableError(err.message, err.retryAfterSeconds);
  logger.error(logLine, { error: err instanceof Error ? err.stack : String(err) });
  return new ServiceUnavailableError(message, 5);
}

function requestEncoding(req: Request): OtlpEncoding | undefined {
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  return MEDIA_TYPES[mediaType];
}

const unsupported = (message: string) => new HttpError(415, 'unsupported_media_type', message);
const digest = (key: string) => createHash('sha256').update(key).digest();

/** Compares SHA-256 digests with timingSafeEqual against every key, so timing reveals neither key nor match. */
function authenticate(req: Request, keyDigests: readonly Buffer[] | null): void {
  if (keyDigests === null) return;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(req.headers.authorization ?? '');
  if (!match) throw new UnauthorizedError('missing ingest key: send Authorization: Bearer <ingest key>');
  const presented = digest(match[1]!);
  let known = false;
  for (const key of keyDigests) known = timingSafeEqual(key, presented) || known;
  if (!known) throw new UnauthorizedError('unknown ingest key');
}

/** The raw body, inflated when gzipped, never larger than maxBytes at either stage; null if the client left. */
async function readBody(req: Request, res: Response, maxBytes: number): Promise<Buffer | null> {
  const contentEncoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  const gzipped = contentEncoding === 'gzip' || contentEncoding === 'x-gzip';
  if (!gzipped && contentEncoding !== 'identity' && contentEncoding !== '') {
    throw unsupported(`unsupported Content-Encoding ${JSON.stringify(contentEncoding)}; use gzip or none`);
  }
  const tooLarge = (what: string) => {
    res.setHeader('Connection', 'close'); // the rest of the upload is not read
    return new PayloadTooLargeError(`${what} exceeds the limit of ${maxBytes} bytes`);
  };
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) throw tooLarge('body (Content-Length)');
  const raw = await readStream(req, maxBytes);
  if (raw === 'too-large') throw tooLarge(gzipped ? 'compressed body' : 'body');
  if (raw === null || !gzipped) return raw;
  try {
    // maxOutputLength makes zlib stop inflating at the limit instead of filling memory.
    return await gunzipAsync(raw, { maxOutputLength: maxBytes });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge('decompressed body');
    throw new BadRequestError(`invalid gzip body: ${(err as Error).message}`);
  }
}

function readStream(req: Request, maxBytes: number): Promise<Buffer | 'too-large' | null> {
  if (Buffer.isBuffer(req.body)) return Promise.resolve(req.body.length > maxBytes ? 'too-large' : req.body);
  if (req.readableEnded) throw new Error('request body already consumed: mount the OTLP router before body parsers');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (value: Buffer | 'too-large' | null) => {
      req.off('data', onData).off('end', onEnd).off('error', onGone).off('close', onGone);
      if (value === 'too-large') req.resume(); // discard the rest; Connection: close ends the socket after the reply
      resolve(value);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) finish('too-large');
      else chunks.push(chunk);
    };
    const onEnd = () => finish(Buffer.concat(chunks, size));
    const onGone = () => finish(null);
    req.on('data', onData).on('end', onEnd).on('error', onGone).on('close', onGone);
  });
}

function sendStatus(res: Response, encoding: OtlpEncoding, err: HttpError): void {
  res.status(err.statusCode).set(err.headers).type(CONTENT_TYPES[encoding]);
  const code = RPC_CODES[err.statusCode] ?? 2; // 2 = UNKNOWN
  res.send(
    encoding === 'json' ? Buffer.from(JSON.stringify({ code, message: err.message })) : encodeStatus(code, err.message),
  );
}

/** google.rpc.Status { int32 code = 1; string message = 2; } in protobuf wire format. */
function encodeStatus(code: number, message: string): Buffer {
  const text = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from([0x08]), varint(code), Buffer.from([0x12]), varint(text.length), text]);
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let v = value;
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  bytes.push(v);
  return Buffer.from(bytes);
}
