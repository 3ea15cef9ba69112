import { Router } from 'express';
import { z } from 'zod';
import type { ServiceDetailQueries } from '../query/service-detail.js';
import { NotFoundError } from './errors.js';
import { limitParam, rangeSchema, stepMsParam } from './query-params.js';
import { parseOr400 } from './validate.js';

export const MAX_STATEMENTS_LIMIT = 1_000;

const statementsSchema = z.object({ limit: limitParam(MAX_STATEMENTS_LIMIT).default(100) });
const stepSchema = z.object({ stepMs: stepMsParam.optional() });

/**
 * Per-service views over the metrics store: DB statements, cache hit ratio, outbound dependencies, pool saturation
 * and runtime series. Mounted under /api/v1 behind viewer auth; 404 for a service that has sent no metrics.
 */
export function createServiceDetailRouter({
  detail,
  nowMs,
}: {
  detail: ServiceDetailQueries;
  nowMs: () => number;
}): Router {
  const router = Router();
  const found = <T>(service: string, value: T | null): T => {
    if (value === null) throw new NotFoundError(`service "${service}" has sent no metrics`);
    return value;
  };
  const range = (query: unknown, now: number) => {
    const { from, to } = parseOr400(rangeSchema(now), query, 'query parameter');
    return { fromMs: from, toMs: to };
  };

  router.get('/services/:service/db/statements', async (req, res) => {
    const { service } = req.params;
    const { limit } = parseOr400(statementsSchema, req.query, 'query parameter');
    const statements = await detail.dbStatements({ service, ...range(req.query, nowMs()), limit });
    res.json({ statements: found(service, statements) });
  });

  router.get('/services/:service/cache', async (req, res) => {
    const { service } = req.params;
    res.json(found(service, await detail.cache({ service, ...range(req.query, nowMs()) })));
  });

  router.get('/services/:service/dependencies', async (req, res) => {
    const { service } = req.params;
    const dependencies = await detail.dependencies({ service, ...range(req.query, nowMs()) });
    res.json({ dependencies: found(service, dependencies) });
  });

  router.get('/services/:service/pool', async (req, res) => {
    const { service } = req.params;
    const now = nowMs();
    const { stepMs } = parseOr400(stepSchema, req.query, 'query parameter');
    res.json(found(service, await detail.pool({ service, ...range(req.query, now), stepMs, nowMs: now })));
  });

  router.get('/services/:service/runtime', async (req, res) => {
    const { service } = req.params;
    const now = nowMs();
    const { stepMs } = parseOr400(stepSchema, req.query, 'query parameter');
    res.json(found(service, await detail.runtime({ service, ...range(req.query, now), stepMs, nowMs: now })));
  });

  return router;
}
