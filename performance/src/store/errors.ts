/** Base class for storage failures. `isOperational` errors are expected conditions (bad config, closed store). */
export class StoreError extends Error {
  readonly statusCode: number = 503;
  readonly isOperational: boolean = true;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The store options (e.g. tiers) are invalid or disagree with what the database was created with. */
export class StoreConfigError extends StoreError {
  override readonly statusCode = 500;
}

/** A method was called after close(). */
export class StoreClosedError extends StoreError {
  constructor() {
    super('store is closed');
  }
}
