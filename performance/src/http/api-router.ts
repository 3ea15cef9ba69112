import express, { Router } from 'express';
import type { QueryService } from '../query/query-service.js';
import type { ServiceDetailQueries } from '../query/service-detail.js';
import type { Store } from '../store/store.js';
import type { TraceStore } from '../store/traces/trace-store.js';
import { createAuthenticate, requireRole } from './auth.js';
import { createBenchmarkRouter } from './benchmark-routes.js';
import { notFoundHandler } from './error-handler.js';
import { OPENAPI_DOCUMENT } from './openapi.js';
import { createQueryRouter } from './query-routes.js';
import { createServiceDetailRouter } from './service-detail-routes.js';
import { createTokenRouter } from './token-routes.js';
import { createTraceRouter } from './trace-routes.js';

export interface ApiRouterOptions {
  store: Pick<Store, 'tokens'>;
  query: QueryService;
  /** Per-service DB, cache, dependency, pool and runtime views. */
  detail: ServiceDetailQueries;
  /** Traces and benchmark summaries. */
  traces: Pick<TraceStore, 'listTraces' | 'getTrace' | 'benchmarks'>;
  adminToken: string;
  nowMs: () => number;
  /** Largest JSON body the API accepts (token and benchmark bodies are small). */
  maxJsonBodyBytes?: number;
}

/**
 * Everything under /api/v1: the OpenAPI document (public), then bearer auth; query, trace and benchmark reads need
 * viewer, posting a benchmark needs editor, token management needs admin. Unknown /api/v1 paths answer a JSON 404.
 */
export function createApiRouter({
  store,
  query,
  detail,
  traces,
  adminToken,
  nowMs,
  maxJsonBodyBytes = 65_536,
}: ApiRouterOptions): Router {
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(OPENAPI_DOCUMENT);
  });
  router.use(createAuthenticate({ store, adminToken }));
  router.use(express.json({ limit: maxJsonBodyBytes }));
  router.use(requireRole('viewer'), createQueryRouter({ query, nowMs }));
  router.use(requireRole('viewer'), createServiceDetailRouter({ detail, nowMs }));
  router.use(requireRole('viewer'), createTraceRouter({ traces, nowMs }));
  router.use('/benchmarks', requireRole('viewer'), createBenchmarkRouter({ traces, nowMs }));
  router.use('/tokens', requireRole('admin'), createTokenRouter({ store, nowMs }));
  router.use(notFoundHandler);
  return router;
}
