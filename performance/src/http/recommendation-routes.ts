import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { RecommendModule } from '../recommend/recommend-module.js';
import { RECOMMENDATION_KINDS, RECOMMENDATION_STATUSES } from '../recommend/recommendation.js';
import { principalOf, requireRole } from './auth.js';
import { bodyTime, describeMarker } from './marker-routes.js';
import { nonEmpty, oneOf } from './query-params.js';
import { describeHistory, describeRecommendation } from './recommendation-view.js';
import { parseOr400 } from './validate.js';

const listSchema = z.object({
  service: nonEmpty('a service name').optional(),
  status: oneOf(RECOMMENDATION_STATUSES).optional(),
  kind: oneOf(RECOMMENDATION_KINDS).optional(),
});

const reason = z.string().trim().max(1_000);
const reasonBody = z.object({ reason: reason.optional() }, { error: 'must be a JSON object like {"reason": "…"}' });
const dismissBody = z.object(
  { reason: reason.min(1, 'is required: say why it is dismissed') },
  { error: 'must be a JSON object like {"reason": "the query runs once a day"}' },
);
const applyBody = (nowMs: number) =>
  z.object(
    { t: bodyTime(nowMs).optional(), version: z.string().trim().min(1).max(200).optional(), reason: reason.optional() },
    { error: 'must be a JSON object like {"t": "now-5m", "version": "1.4.2"} (all optional)' },
  );

/** The `:id` path parameter (Express types it loosely on routers with template paths). */
const idOf = (req: Request) => String(req.params['id']);

/** A body is optional for these POSTs; without Content-Type: application/json Express leaves it undefined. */
const bodyOf = (req: Request) => (req.body === undefined ? {} : req.body);

/**
 * /api/v1/recommendations: list and read (viewer), lifecycle moves (editor). Illegal moves answer 409
 * `illegal_transition` naming the states; validation without enough data answers 409 `validation_pending`.
 */
export function createRecommendationRouter({
  recommend,
  nowMs,
}: {
  recommend: Pick<RecommendModule, 'records' | 'validation'>;
  nowMs: () => number;
}): Router {
  const router = Router();
  const { records, validation } = recommend;
  const full = { fullValidation: true };

  router.get('/', async (req, res) => {
    const filter = parseOr400(listSchema, req.query, 'query parameter');
    const list = await records.list(filter);
    res.json({ recommendations: list.map((r) => describeRecommendation(r, { fullValidation: false })) });
  });

  router.get('/:id', async (req, res) => {
    const record = await records.get(idOf(req));
    const history = await records.history(record.id);
    res.json({ ...describeRecommendation(record, full), history: history.map(describeHistory) });
  });

  router.get('/:id/tracking', async (req, res) => {
    const now = nowMs();
    const record = await records.get(idOf(req));
    const [history, series] = await Promise.all([records.history(record.id), validation.series(record, now)]);
    res.json({
      id: record.id,
      status: record.status,
      allowedEvents: describeRecommendation(record, full).allowedEvents,
      validation: record.validation,
      history: history.map(describeHistory),
      series,
    });
  });

  const answer = (res: Response, record: Parameters<typeof describeRecommendation>[0]) =>
    res.json(describeRecommendation(record, full));

  for (const event of ['accept', 'resolve', 'reopen'] as const) {
    router.post(`/:id/${event}`, requireRole('editor'), async (req, res) => {
      const body = parseOr400(reasonBody, bodyOf(req), 'body field');
      const id = idOf(req);
      answer(res, await records.transition(id, event, { actor: principalOf(res).name, nowMs: nowMs(), ...body }));
    });
  }

  router.post('/:id/dismiss', requireRole('editor'), async (req, res) => {
    const { reason: why } = parseOr400(dismissBody, bodyOf(req), 'body field');
    const record = await records.transition(idOf(req), 'dismiss', {
      actor: principalOf(res).name,
      nowMs: nowMs(),
      reason: why,
    });
    answer(res, record);
  });

  router.post('/:id/apply', requireRole('editor'), async (req, res) => {
    const now = nowMs();
    const body = parseOr400(applyBody(now), bodyOf(req), 'body field');
    const { record, marker } = await records.apply(idOf(req), {
      actor: principalOf(res).name,
      nowMs: now,
      t: body.t,
      version: body.version ?? null,
      reason: body.reason,
    });
    res.json({ ...describeRecommendation(record, full), marker: describeMarker(marker) });
  });

  router.post('/:id/validate', requireRole('editor'), async (req, res) => {
    answer(res, await validation.validate(idOf(req), { actor: principalOf(res).name, nowMs: nowMs() }));
  });

  return router;
}
