import type { ErrorRequestHandler, RequestHandler } from 'express';
import { NotFoundError } from './errors.js';
import type { Logger } from './logger.js';

/**
 * The typed-error convention every layer follows (HttpError here, StoreError, OverloadedError in ingest):
 * `statusCode` and `isOperational`, optionally a snake_case `code`, extra `headers` and `retryAfterSeconds`.
 * Express's body parsers (http-errors) fit it too through `status` and `expose`.
 */
interface TypedError {
  message: string;
  statusCode: number;
  isOperational: boolean;
  code?: unknown;
  headers?: Record<string, string>;
  retryAfterSeconds?: number;
}

/** Default `code` per status, for typed errors that carry none. */
const STATUS_CODES: Readonly<Record<number, string>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
  503: 'service_unavailable',
};

function asTypedError(err: unknown): TypedError | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as Record<string, unknown>;
  const message = typeof e['message'] === 'string' ? e['message'] : '';
  if (typeof e['statusCode'] === 'number' && typeof e['isOperational'] === 'boolean') {
    return { ...(e as unknown as TypedError), message };
  }
  // http-errors from express.json(): `expose` is true exactly for client errors whose message is safe to show.
  if (typeof e['status'] === 'number' && e['expose'] === true) {
    const parseFailed = e['type'] === 'entity.parse.failed';
    return {
      statusCode: e['status'],
      isOperational: true,
      message: parseFailed ? `invalid JSON body: ${message}` : message,
    };
  }
  return null;
}

/** Express's terminal 404: JSON like every other error, naming what was asked for. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`no route for ${req.method} ${req.path}`));
};

/**
 * The one error handler. Operational typed errors become `{ error: { code, message } }` with their status;
 * anything else (bugs, and typed errors marked non-operational or plain 500s) is logged with its stack and
 * answered 500 with a generic message, so internals never leak to clients.
 */
export function createErrorHandler({ logger }: { logger: Logger }): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) {
      // Too late for a JSON body; Express closes the connection.
      next(err);
      return;
    }
    const typed = asTypedError(err);
    if (typed?.isOperational && typed.statusCode >= 400 && typed.statusCode !== 500) {
      const code = typeof typed.code === 'string' ? typed.code : (STATUS_CODES[typed.statusCode] ?? 'error');
      if (typed.headers) res.set(typed.headers);
      if (typed.retryAfterSeconds !== undefined && !res.get('Retry-After')) {
        res.set('Retry-After', String(Math.max(1, Math.ceil(typed.retryAfterSeconds))));
      }
      if (typed.statusCode >= 500) logger.warn(typed.message, { method: req.method, path: req.path });
      res.status(typed.statusCode).json({ error: { code, message: typed.message } });
      return;
    }
    const error = err instanceof Error ? err : new Error(String(err));
    logger.error('unhandled error', { method: req.method, path: req.path, error: error.message, stack: error.stack });
    res.status(500).json({ error: { code: 'internal', message: 'internal server error' } });
  };
}
