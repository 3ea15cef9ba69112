import { createHash, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { decodeMetricsRequest, encodeMetricsResponse, type OtlpEncoding } from '@stride/agent';
import { type Request, type Response, Router } from 'express';
import { convertMetricsRequest } from '../ingest/convert-metrics.js';
import type { IngestLimits } from '../ingest/ingest-limits.js';
import { decodeMetricsRequestFast } from '../ingest/otlp-protobuf.js';
import { OverloadedError } from '../ingest/overloaded-error.js';
import type { MetricPoint } from '../ingest/points.js';
import type { TemporalityConverter } from '../ingest/temporality-converter.js';
import type { WriteResult } from '../store/store.js';
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

export interface OtlpRouterOptions {
  /** Accepted `Authorization: Bearer <key>` values; null turns authentication off. */
  ingestKeys: readonly string[] | null;
  /** Stores converted delta points; may throw OverloadedError to push back on clients. */
  write: (points: readonly MetricPoint[]) => Promise<WriteResult>;
  converter: TemporalityConverter;
  /** Largest body accepted, in bytes, both as sent and after gunzip (a gzip bomb stops at this size). */
  maxBodyBytes?: number;
  /** Concurrent requests (reading, converting or writing) before new ones get 429. */
  maxInFlightRequests?: number;
  /** Retry-After, in seconds, sent with 429 when maxInFlightRequests is reached. */
  busyRetryAfterSeconds?: number;
  nowMs?: () => number;
  limits?: Partial<IngestLimits>;
  logger?: Logger;
}

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
 * OTLP/HTTP metrics ingest: `POST /v1/metrics` with protobuf or JSON, optionally gzipped. Replies in the
 * request's encoding: an ExportMetricsServiceResponse (with partialSuccess when points were rejected) on 200,
 * a google.rpc.Status `{ code, message }` otherwise. 429/503 carry Retry-After, which OTLP exporters honour.
 * Mount it before any body parser: it reads the raw body itself to bound both compressed and inflated size.
 */
export function createOtlpRouter({
  ingestKeys,
  write,
  converter,
  maxBodyBytes = 8 * 1024 * 1024,
  maxInFlightRequests = 64,
  busyRetryAfterSeconds = 1,
  nowMs = () => Date.now(),
  limits = {},
  logger = createConsoleLogger(),
}: OtlpRouterOptions): Router {
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1)
    throw new RangeError('maxBodyBytes must be a positive integer');
  if (!Number.isInteger(maxInFlightRequests) || maxInFlightRequests < 1) {
    throw new RangeError('maxInFlightRequests must be a positive integer');
  }
  const keyDigests = ingestKeys?.map(digest) ?? null;
  let inFlight = 0;
  const router = Router();

  router.post('/v1/metrics', async (req, res) => {
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
      const request = decode(body, encoding);
      const result = convertMetricsRequest(request, { nowMs: nowMs(), converter, limits });
      let written: WriteResult = { written: 0, overflowed: 0, rejected: 0 };
      if (result.points.length > 0) {
        try {
          written = await write(result.points);
        } catch (err) {
          result.rollback(); // the client's retry must convert these cumulative points again
          throw writeFailure(err, logger);
        }
      }
      const rejected = result.rejected + written.rejected;
      const message = partialMessage(result.rejected, result.errors, written);
      const response = message
        ? { partialSuccess: { rejectedDataPoints: String(rejected), errorMessage: message } }
        : {};
      res
        .status(200)
        .type(CONTENT_TYPES[encoding])
        .send(Buffer.from(encodeMetricsResponse(response, encoding)));
    } catch (err) {
      if (res.headersSent) return;
      if (err instanceof HttpError) {
        sendStatus(res, encoding ?? 'json', err);
        return;
      }
      logger.error('otlp ingest failed', { error: err instanceof Error ? err.stack : String(err) });
      sendStatus(res, encoding ?? 'json', new HttpError(500, 'internal', 'internal error', false));
    }
  });
  return router;
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

function decode(body: Buffer, encoding: OtlpEncoding) {
  try {
    return encoding === 'protobuf' ? decodeMetricsRequestFast(body) : decodeMetricsRequest(body, encoding);
  } catch (err) {
    // OtlpDecodeError says what and where; anything else from the decoder is still the body's fault.
    throw new BadRequestError((err as Error).message || 'malformed body');
  }
}

function writeFailure(err: unknown, logger: Logger): HttpError {
  if (err instanceof OverloadedError) return new ServiceUnavailableError(err.message, err.retryAfterSeconds);
  // Unknown store failures are usually transient (busy database, full disk): 503 lets exporters retry.
  logger.error('otlp ingest: storing points failed', { error: err instanceof Error ? err.stack : String(err) });
  return new ServiceUnavailableError('points could not be stored; retry later', 5);
}

function partialMessage(rejected: number, errors: readonly string[], written: WriteResult): string {
  const plural = (n: number) => `${n} data point${n === 1 ? '' : 's'}`;
  const parts: string[] = [];
  if (rejected > 0) parts.push(`${plural(rejected)} rejected: ${errors.join('; ')}`);
  if (written.rejected > 0) {
    parts.push(`${plural(written.rejected)} not stored (e.g. the metric is already stored as another kind)`);
  }
  if (written.overflowed > 0) {
    parts.push(`${plural(written.overflowed)} stored in an overflow series (the series limit was reached)`);
  }
  return parts.join('. ');
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
