import { Router } from 'express';
import { z } from 'zod';
import { parseTimeMs, TIME_FORMAT_HINT } from '../query/time-range.js';
import type { RecommendModule } from '../recommend/recommend-module.js';
import { requireRole } from './auth.js';
import { NotFoundError } from './errors.js';
import { nonEmpty } from './query-params.js';
import { param, parseOr400 } from './validate.js';

/** Longest window one on-demand analysis may cover (the trace sample stays bounded, the aggregates do not). */
const MAX_ANALYSIS_WINDOW_MS = 7 * 86_400_000;

function analysisSchema(nowMs: number, windowMs: number) {
  const time = param(TIME_FORMAT_HINT, (raw) => parseTimeMs(raw, nowMs));
  return z
    .object({
      service: nonEmpty('a service name'),
      from: time.optional(),
      to: time.default(nowMs),
    })
    .transform(({ service, from, to }) => ({ service, from: from ?? to - windowMs, to }))
    .refine((r) => r.from < r.to, { message: 'must be before `to`', path: ['from'] })
    .refine((r) => r.to - r.from <= MAX_ANALYSIS_WINDOW_MS, {
      message: 'must be at most 7 days before `to`',
      path: ['from'],
    });
}

/**
 * POST /api/v1/analysis?service=&from=&to= (editor): runs the detectors on one service now and upserts the
 * records; the window defaults to the configured analysis window ending now.
 */
export function createAnalysisRouter({
  recommend,
  nowMs,
}: {
  recommend: Pick<RecommendModule, 'runner' | 'knownService'>;
  nowMs: () => number;
}): Router {
  const router = Router();
  router.post('/', requireRole('editor'), async (req, res) => {
    const now = nowMs();
    const { service, from, to } = parseOr400(
      analysisSchema(now, recommend.runner.windowMs),
      req.query,
      'query parameter',
    );
    if (!(await recommend.knownService(service))) throw new NotFoundError(`service "${service}" has sent no data`);
    res.json(await recommend.runner.analyze(service, { fromMs: from, toMs: to, nowMs: now }));
  });
  return router;
}
