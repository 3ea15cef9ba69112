import { Router } from 'express';
import { z } from 'zod';
import { parseDurationMs } from '../config/duration.js';
import type { QueryService } from '../query/query-service.js';
import { parseTimeMs, TIME_FORMAT_HINT } from '../query/time-range.js';
import { TIMESERIES_METRICS, type TimeseriesMetric } from '../query/timeseries.js';
import { NotFoundError } from './errors.js';
import { param, parseOr400 } from './validate.js';

const nonEmpty = (what: string) => param(what, (raw) => (raw.trim() === '' ? null : raw));

/** from/to with their defaults (now-1h, now); `from` must come before `to`. */
function rangeSchema(nowMs: number) {
  const time = param(TIME_FORMAT_HINT, (raw) => parseTimeMs(raw, nowMs));
  return z
    .object({ from: time.default(nowMs - 3_600_000), to: time.default(nowMs) })
    .refine((r) => r.from < r.to, { message: 'must be before `to`', path: ['from'] });
}

const timeseriesSchema = z.object({
  service: nonEmpty('a service name'),
  route: nonEmpty('a route template such as /products/:id').optional(),
  method: nonEmpty('an HTTP method such as GET').optional(),
  metric: param(`one of ${TIMESERIES_METRICS.join(', ')}`, (raw) =>
    (TIMESERIES_METRICS as readonly string[]).includes(raw) ? (raw as TimeseriesMetric) : null,
  ).default('latency'),
  quantile: param('a number from 0 to 1, e.g. 0.95', (raw) => {
    const q = raw.trim() === '' ? Number.NaN : Number(raw);
    return q >= 0 && q <= 1 ? q : null;
  }).default(0.95),
  stepMs: param('a positive integer of milliseconds or a duration like 1m', (raw) => {
    const ms = /^\d+$/.test(raw) ? Number(raw) : parseDurationMs(raw);
    return ms !== null && Number.isSafeInteger(ms) && ms > 0 ? ms : null;
  }).optional(),
});

/** GET /services, /services/:service/routes and /timeseries; mounted under /api/v1 behind viewer auth. */
export function createQueryRouter({ query, nowMs }: { query: QueryService; nowMs: () => number }): Router {
  const router = Router();

  router.get('/services', async (req, res) => {
    const { from, to } = parseOr400(rangeSchema(nowMs()), req.query, 'query parameter');
    res.json({ services: await query.services({ fromMs: from, toMs: to }) });
  });

  router.get('/services/:service/routes', async (req, res) => {
    const { from, to } = parseOr400(rangeSchema(nowMs()), req.query, 'query parameter');
    const service = req.params.service;
    const routes = await query.routes({ service, fromMs: from, toMs: to });
    if (routes === null) throw new NotFoundError(`service "${service}" has no request data`);
    res.json({ routes });
  });

  router.get('/timeseries', async (req, res) => {
    const now = nowMs();
    const { from, to } = parseOr400(rangeSchema(now), req.query, 'query parameter');
    const params = parseOr400(timeseriesSchema, req.query, 'query parameter');
    const result = await query.timeseries({ ...params, fromMs: from, toMs: to, nowMs: now });
    res.json(result);
  });

  return router;
}
