import type { ErrorRequestHandler, RequestHandler } from 'express';
import { HttpError, NotFoundError } from './errors.js';

export interface ErrorLogger {
  error(message: string): void;
}

/** Express's terminal 404, as JSON naming what was asked for. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`no route for ${req.method} ${req.path}`));
};

/**
 * The one error handler. HttpErrors (operational) keep their status, code and details; body-parser's client
 * errors (malformed JSON, too large) become 400/413 with their message; anything else is logged with its stack and
 * answered 500 without internals.
 */
export function createErrorHandler({ logger = console }: { logger?: ErrorLogger } = {}): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    if (err instanceof HttpError && err.isOperational) {
      res.set(err.headers);
      const body: Record<string, unknown> = { code: err.code, message: err.message };
      if (err.details !== undefined) body['details'] = err.details;
      res.status(err.statusCode).json({ error: body });
      return;
    }
    const e = err as { status?: unknown; expose?: unknown; type?: unknown; message?: unknown };
    if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.expose === true) {
      const message =
        e.type === 'entity.parse.failed' ? `body: invalid JSON (${String(e.message)})` : String(e.message);
      const code = e.status === 413 ? 'payload_too_large' : 'bad_request';
      res.status(e.status).json({ error: { code, message } });
      return;
    }
    logger.error(`commerce: ${req.method} ${req.originalUrl} failed: ${(err as Error)?.stack ?? String(err)}`);
    res.status(500).json({ error: { code: 'internal', message: 'internal server error' } });
  };
}
