/**
 * Typed errors of the recommendation domain, following the service-wide convention (statusCode, isOperational,
 * snake_case code) so the one HTTP error handler answers them without the domain importing the HTTP layer.
 */
export class RecommendationError extends Error {
  readonly isOperational = true;
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class RecommendationNotFoundError extends RecommendationError {
  constructor(id: string) {
    super(404, 'not_found', `no recommendation with id "${id}"`);
  }
}

/** Not enough data around the marker for a verdict yet; the message says how much is missing. */
export class ValidationPendingError extends RecommendationError {
  constructor(message: string) {
    super(409, 'validation_pending', message);
  }
}

/** A record kept changing under a read-modify-write; the client may retry. */
export class ConcurrentUpdateError extends RecommendationError {
  constructor(id: string) {
    super(409, 'concurrent_update', `recommendation "${id}" changed concurrently several times; retry`);
  }
}
