import express, { Router } from 'express';
import type { DashboardCatalog } from '../dashboards/dashboard-catalog.js';
import type { QueryService } from '../query/query-service.js';
import type { ServiceDetailQueries } from '../query/service-detail.js';
import type { RecommendModule } from '../recommend/recommend-module.js';
import type { Store } from '../store/store.js';
import type { TraceStore } from '../store/traces/trace-store.js';
import { createAnalysisRouter } from './analysis-routes.js';
import { createAuthenticate, requireRole } from './auth.js';
import { createBenchmarkRouter } from './benchmark-routes.js';
import { createDashboardRouter } from './dashboard-routes.js';
import { createDistributionRouter, type DistributionReader } from './distribution-routes.js';
import { notFoundHandler } from './error-handler.js';
import { createMarkerRouter } from './marker-routes.js';
import { OPENAPI_DOCUMENT } from './openapi.js';
import { createQueryRouter } from './query-routes.js';
import { createRecommendationRouter } from './recommendation-routes.js';
import { createServiceDetailRouter } from './service-detail-routes.js';
import { createSessionRouter } from './session-routes.js';
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
  /** Built-in and user JSON dashboards. */
  dashboards: DashboardCatalog;
  /** Latency distribution of http.server.request.duration. */
  distribution: DistributionReader;
  /** Recommendations, analysis and markers; the routes are mounted only when given. */
  recommend?: RecommendModule;
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
  dashboards,
  distribution,
  maxJsonBodyBytes = 65_536,
  recommend,
}: ApiRouterOptions): Router {
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(OPENAPI_DOCUMENT);
  });
  router.use(createAuthenticate({ store, adminToken }));
  router.use(express.json({ limit: maxJsonBodyBytes }));
  router.use(createSessionRouter());
  router.use(requireRole('viewer'), createQueryRouter({ query, nowMs }));
  router.use(requireRole('viewer'), createServiceDetailRouter({ detail, nowMs }));
  router.use(requireRole('viewer'), createTraceRouter({ traces, nowMs }));
  router.use(requireRole('viewer'), createDistributionRouter({ read: distribution, nowMs }));
  router.use(requireRole('viewer'), createDashboardRouter({ catalog: dashboards }));
  router.use('/benchmarks', requireRole('viewer'), createBenchmarkRouter({ traces, nowMs }));
  router.use('/tokens', requireRole('admin'), createTokenRouter({ store, nowMs }));
  if (recommend !== undefined) {
    // Reads need viewer; each mutating route asks for editor itself.
    router.use('/recommendations', requireRole('viewer'), createRecommendationRouter({ recommend, nowMs }));
    router.use('/markers', requireRole('viewer'), createMarkerRouter({ markers: recommend.markers, nowMs }));
    router.use('/analysis', requireRole('viewer'), createAnalysisRouter({ recommend, nowMs }));
  }
  router.use(notFoundHandler);
  return router;
}
