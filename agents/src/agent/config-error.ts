/**
 * Thrown by `startAgent` for an option (or its env twin) that cannot work; the message names the option, what
 * was expected and what was given, e.g. `flushIntervalMillis: expected an integer ≥ 100 (milliseconds), got -5`.
 */
export class StrideConfigError extends Error {
  override readonly name = 'StrideConfigError';
  /** A programming/deployment error, not a runtime condition to recover from. */
  readonly isOperational = false;
  readonly statusCode = 500;

  constructor(
    readonly option: string,
    readonly expected: string,
    readonly received: unknown,
  ) {
    super(`${option}: expected ${expected}, got ${describe(received)}`);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  if (value === null || typeof value !== 'object') return String(value);
  return 'an object';
}
