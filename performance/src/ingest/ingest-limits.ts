/**
 * What ingest accepts per data point. A point breaking a limit is rejected (counted in `partialSuccess`) rather
 * than truncated, so a stored series never silently differs from what the producer sent.
 */
export interface IngestLimits {
  /** Longest attribute key, in UTF-16 code units. */
  maxAttributeKeyLength: number;
  /** Longest stringified attribute value (arrays and maps are JSON), in UTF-16 code units. */
  maxAttributeValueLength: number;
  /** Most attributes on one data point. */
  maxAttributesPerPoint: number;
  /** Longest metric name; OpenTelemetry's instrument-name syntax allows 255. */
  maxMetricNameLength: number;
  /** Longest unit; OpenTelemetry allows 63 ASCII characters. */
  maxUnitLength: number;
  /** Most buckets in one histogram point (per sign for exponential histograms). */
  maxBucketsPerPoint: number;
  /** How far a point's time may lie ahead of the server's clock (clock skew), in ms. */
  maxFutureSkewMillis: number;
  /** Oldest accepted point, in ms before now: the longest tier retention (1 h tier, 400 days). */
  maxAgeMillis: number;
  /** Error messages kept per request (the rest are only counted). */
  maxErrorMessages: number;
}

export const DEFAULT_INGEST_LIMITS: Readonly<IngestLimits> = {
  maxAttributeKeyLength: 256,
  maxAttributeValueLength: 1024,
  maxAttributesPerPoint: 64,
  maxMetricNameLength: 255,
  maxUnitLength: 63,
  maxBucketsPerPoint: 16_384,
  maxFutureSkewMillis: 10 * 60_000,
  maxAgeMillis: 400 * 86_400_000,
  maxErrorMessages: 20,
};
