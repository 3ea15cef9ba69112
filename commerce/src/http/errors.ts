/**
 * Typed errors. The one error handler answers an operational error with its status and
 * `{ error: { code, message, details? } }`; anything else is logged and answered with a generic 500.
 */
export class HttpError extends Error {
  override readonly name: string = 'HttpError';
  constructor(
    readonly statusCode: number,
    /** Stable snake_case code clients can switch on, e.g. `insufficient_stock`. */
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Readonly<Record<string, string>> = {},
    readonly isOperational = true,
  ) {
    super(message);
  }
}

/** One problem in a request: where (`query`, `body`, …), the path inside it, and what was wrong. */
export interface ValidationIssue {
  location: 'params' | 'query' | 'body' | 'headers';
  path: string;
  message: string;
}

export class ValidationError extends HttpError {
  override readonly name = 'ValidationError';
  constructor(readonly issues: readonly ValidationIssue[]) {
    const summary = issues.map((i) => `${i.location}${i.path ? `.${i.path}` : ''}: ${i.message}`).join('; ');
    super(400, 'validation_failed', `invalid request: ${summary}`, { issues });
  }
}

export class NotFoundError extends HttpError {
  override readonly name = 'NotFoundError';
  constructor(message: string) {
    super(404, 'not_found', message);
  }
}

export class ConflictError extends HttpError {
  override readonly name: string = 'ConflictError';
  constructor(code: string, message: string, details?: unknown) {
    super(409, code, message, details);
  }
}

/** The request is well-formed but cannot be processed as sent (e.g. an idempotency key reused with another body). */
export class UnprocessableError extends HttpError {
  override readonly name: string = 'UnprocessableError';
  constructor(code: string, message: string, details?: unknown) {
    super(422, code, message, details);
  }
}

export class PaymentDeclinedError extends HttpError {
  override readonly name = 'PaymentDeclinedError';
  constructor(reason: string) {
    super(402, 'payment_declined', `payment declined: ${reason}`);
  }
}

/** A dependency is down or shedding load; the client may retry after `retryAfterSeconds`. */
export class DependencyUnavailableError extends HttpError {
  override readonly name = 'DependencyUnavailableError';
  constructor(message: string, retryAfterSeconds: number) {
    super(503, 'dependency_unavailable', message, undefined, {
      'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))),
    });
  }
}
