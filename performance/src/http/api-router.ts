import express, { Router } from 'express';
import type { QueryService } from '../query/query-service.js';
import type { Store } from '../store/store.js';
import { createAuthenticate, requireRole } from './auth.js';
import { notFoundHandler } from './error-handler.js';
import { OPENAPI_DOCUMENT } from './openapi.js';
import { createQueryRouter } from './query-routes.js';
import { createTokenRouter } from './token-routes.js';

export interface ApiRouterOptions {
  store: Pick<Store, 'tokens'>;
  query: QueryService;
  adminToken: string;
  nowMs: () => number;
  /** Largest JSON body the API accepts (token creation bodies are tiny). */
  maxJsonBodyBytes?: number;
}

/**
 * Everything under /api/v1: the OpenAPI document (public), then bearer auth; query endpoints need viewer,
 * token management needs admin. Unknown /api/v1 paths answer a JSON 404.
 */
export function createApiRouter({
  store,
  query,
  adminToken,
  nowMs,
  maxJsonBodyBytes = 16_384,
}: ApiRouterOptions): Router {
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(OPENAPI_DOCUMENT);
  });
  router.use(createAuthenticate({ store, adminToken }));
  router.use(express.json({ limit: maxJsonBodyBytes }));
  router.use(requireRole('viewer'), createQueryRouter({ query, nowMs }));
  router.use('/tokens', requireRole('admin'), createTokenRouter({ store, nowMs }));
  router.use(notFoundHandler);
  return router;
}
