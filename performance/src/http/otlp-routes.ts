import { decodeMetricsRequest, encodeMetricsResponse, type OtlpEncoding } from '@stride/agent';
import { Router } from 'express';
import { convertMetricsRequest } from '../ingest/convert-metrics.js';
import type { IngestLimits } from '../ingest/ingest-limits.js';
import { parseMetricsJsonFast } from '../ingest/otlp-json-fast.js';
import { convertMetricsProtobuf } from '../ingest/otlp-metrics-fast.js';
import { decodeMetricsRequestFast } from '../ingest/otlp-protobuf.js';
import type { MetricPoint } from '../ingest/points.js';
import { guardOnResource, type OnResource } from '../ingest/resource-identity.js';
import { SeriesCache } from '../ingest/series-cache.js';
import type { TemporalityConverter } from '../ingest/temporality-converter.js';
import type { WriteResult } from '../store/store.js';
import { createConsoleLogger } from './logger.js';
import { createOtlpEndpoint, decodeOr400, type OtlpEndpointOptions, storeFailure } from './otlp-exchange.js';

export interface OtlpRouterOptions extends OtlpEndpointOptions {
  /** Stores converted delta points; may throw OverloadedError to push back on clients. */
  write: (points: readonly MetricPoint[]) => Promise<WriteResult>;
  converter: TemporalityConverter;
  nowMs?: () => number;
  limits?: Partial<IngestLimits>;
  /** Told each export's distinct (service, service.version); what it throws is logged, never fails ingest. */
  onResource?: OnResource;
  /** Series descriptors the protobuf fast path keeps across requests (see SeriesCache); ~0.5 KiB each. */
  maxCachedSeries?: number;
}

/**
 * OTLP/HTTP metrics ingest: `POST /v1/metrics` with protobuf or JSON, optionally gzipped (see createOtlpEndpoint
 * for auth, limits and error bodies). 200 carries an ExportMetricsServiceResponse, with partialSuccess when points
 * were rejected.
 */
export function createOtlpRouter({
  write,
  converter,
  nowMs = () => Date.now(),
  limits = {},
  logger = createConsoleLogger(),
  onResource,
  maxCachedSeries = 100_000,
  ...endpoint
}: OtlpRouterOptions): Router {
  const router = Router();
  const seriesCache = new SeriesCache({ maxEntries: maxCachedSeries });
  const notify =
    onResource &&
    guardOnResource(onResource, (err) =>
      logger.error('otlp ingest: onResource failed', { error: err instanceof Error ? err.stack : String(err) }),
    );
  router.post(
    '/v1/metrics',
    createOtlpEndpoint({ ...endpoint, logger }, async (body, encoding) => {
      const options = { nowMs: nowMs(), converter, limits, onResource: notify };
      // Protobuf takes the fused fast path; it hands malformed or unusual bodies back (null) to the reference path.
      // JSON in the shape the converter reads skips the reference decoder's normalising copy.
      const result =
        (encoding === 'protobuf' ? convertMetricsProtobuf(body, { ...options, seriesCache }) : null) ??
        convertMetricsRequest(
          (encoding === 'json' ? parseMetricsJsonFast(body) : null) ?? decodeOr400(() => decode(body, encoding)),
          options,
        );
      let written: WriteResult = { written: 0, overflowed: 0, rejected: 0 };
      if (result.points.length > 0) {
        try {
          written = await write(result.points);
        } catch (err) {
          result.rollback(); // the client's retry must convert these cumulative points again
          throw storeFailure(err, logger, {
            logLine: 'otlp ingest: storing points failed',
            message: 'points could not be stored; retry later',
          });
        }
      }
      const rejected = result.rejected + written.rejected;
      const message = partialMessage(result.rejected, result.errors, written);
      const response = message
        ? { partialSuccess: { rejectedDataPoints: String(rejected), errorMessage: message } }
        : {};
      return encodeMetricsResponse(response, encoding);
    }),
  );
  return router;
}

function decode(body: Buffer, encoding: OtlpEncoding) {
  return encoding === 'protobuf' ? decodeMetricsRequestFast(body) : decodeMetricsRequest(body, encoding);
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
