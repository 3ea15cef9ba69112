import { decodeTracesRequest, encodeTracesResponse } from '@stride/agent';
import { Router } from 'express';
import { convertTracesRequest } from '../ingest/convert-traces.js';
import { guardOnResource, type OnResource } from '../ingest/resource-identity.js';
import type { SpanRecord } from '../ingest/spans.js';
import type { TraceLimits } from '../ingest/trace-limits.js';
import { createConsoleLogger } from './logger.js';
import { createOtlpEndpoint, decodeOr400, type OtlpEndpointOptions, storeFailure } from './otlp-exchange.js';

export interface OtlpTracesRouterOptions extends OtlpEndpointOptions {
  /** Stores validated spans (TraceStore.writeSpans); may throw OverloadedError to push back on clients. */
  write: (spans: readonly SpanRecord[]) => Promise<unknown>;
  nowMs?: () => number;
  /** Per-span limits; `maxAgeMillis` should be the trace retention. */
  limits?: Partial<TraceLimits>;
  /** Told each export's distinct (service, service.version); what it throws is logged, never fails ingest. */
  onResource?: OnResource;
}

/**
 * OTLP/HTTP trace ingest: `POST /v1/traces`, protobuf or JSON, optionally gzipped, from the Stride agent or any
 * OpenTelemetry SDK (auth, limits and error bodies as for /v1/metrics, see createOtlpEndpoint). 200 carries an
 * ExportTraceServiceResponse with partialSuccess `{ rejectedSpans, errorMessage }` when spans were rejected.
 */
export function createOtlpTracesRouter({
  write,
  nowMs = () => Date.now(),
  limits = {},
  logger = createConsoleLogger(),
  onResource,
  ...endpoint
}: OtlpTracesRouterOptions): Router {
  const router = Router();
  const notify =
    onResource &&
    guardOnResource(onResource, (err) =>
      logger.error('otlp ingest: onResource failed', { error: err instanceof Error ? err.stack : String(err) }),
    );
  router.post(
    '/v1/traces',
    createOtlpEndpoint({ ...endpoint, logger }, async (body, encoding) => {
      const request = decodeOr400(() => decodeTracesRequest(body, encoding));
      const result = convertTracesRequest(request, { nowMs: nowMs(), limits, onResource: notify });
      if (result.spans.length > 0) {
        try {
          await write(result.spans);
        } catch (err) {
          throw storeFailure(err, logger, {
            logLine: 'otlp ingest: storing spans failed',
            message: 'spans could not be stored; retry later',
          });
        }
      }
      const response =
        result.rejected > 0
          ? {
              partialSuccess: {
                rejectedSpans: String(result.rejected),
                errorMessage: `${result.rejected} span${result.rejected === 1 ? '' : 's'} rejected: ${result.errors.join('; ')}`,
              },
            }
          : {};
      return encodeTracesResponse(response, encoding);
    }),
  );
  return router;
}
