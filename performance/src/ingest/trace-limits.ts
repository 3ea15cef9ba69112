/** What trace ingest accepts per span. A span breaking a limit is rejected (counted in `partialSuccess`). */
export interface TraceLimits {
  /** Longest attribute key, in UTF-16 code units. */
  maxAttributeKeyLength: number;
  /** Longest attribute value as text (arrays and maps are JSON); normalized SQL statements fit comfortably. */
  maxAttributeValueLength: number;
  maxAttributesPerSpan: number;
  /** Longest span name and service name. */
  maxNameLength: number;
  /** How far a span may start ahead of the server's clock (clock skew), in ms. */
  maxFutureSkewMillis: number;
  /** Oldest accepted span start, in ms before now: the trace retention, so nothing is stored only to be deleted. */
  maxAgeMillis: number;
  /** Longest span; anything longer is a clock error or a span that was never ended properly. */
  maxSpanDurationMillis: number;
  /** Error messages kept per request (the rest are only counted). */
  maxErrorMessages: number;
}

export const DEFAULT_TRACE_LIMITS: Readonly<TraceLimits> = {
  maxAttributeKeyLength: 256,
  maxAttributeValueLength: 4_096,
  maxAttributesPerSpan: 128,
  maxNameLength: 1_024,
  maxFutureSkewMillis: 10 * 60_000,
  maxAgeMillis: 7 * 86_400_000,
  maxSpanDurationMillis: 86_400_000,
  maxErrorMessages: 20,
};
