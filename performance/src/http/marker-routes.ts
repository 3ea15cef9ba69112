import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { parseTimeMs, TIME_FORMAT_HINT } from '../query/time-range.js';
import { MARKER_KINDS, type Marker } from '../recommend/records.js';
import type { MarkerRepo } from '../store/recommendation-repos.js';
import { principalOf, requireRole } from './auth.js';
import { BadRequestError } from './errors.js';
import { limitParam, nonEmpty, oneOf, rangeSchema } from './query-params.js';
import { parseOr400 } from './validate.js';

export const MAX_MARKER_LIST_LIMIT = 5_000;

/** A marker may sit this far in the future (clock skew between CI and the server), ms. */
const MAX_FUTURE_MS = 10 * 60_000;

const text = (max: number) => z.string().trim().min(1).max(max);

/** A body time: unix ms as a number, or a string as the query API takes it (ISO 8601, `now-5m`, unix ms). */
export function bodyTime(nowMs: number) {
  return z.union([z.number(), z.string()]).transform((value, ctx) => {
    const ms = typeof value === 'number' ? (Number.isSafeInteger(value) ? value : null) : parseTimeMs(value, nowMs);
    if (ms === null || ms <= 0) {
      ctx.addIssue({ code: 'custom', message: `must be ${TIME_FORMAT_HINT}` });
      return z.NEVER;
    }
    if (ms > nowMs + MAX_FUTURE_MS) {
      ctx.addIssue({ code: 'custom', message: 'must not be more than 10 minutes in the future' });
      return z.NEVER;
    }
    return ms;
  });
}

const markerBody = (nowMs: number) =>
  z.object(
    {
      service: text(200),
      label: text(200),
      version: text(200).optional(),
      t: bodyTime(nowMs).optional(),
      kind: z.enum(MARKER_KINDS).optional(),
    },
    { error: 'must be a JSON object like {"service": "shop", "label": "deploy 1.4.2", "version": "1.4.2"}' },
  );

const listSchema = z.object({
  service: nonEmpty('a service name').optional(),
  kind: oneOf(MARKER_KINDS).optional(),
  limit: limitParam(MAX_MARKER_LIST_LIMIT).default(500),
});

export const describeMarker = ({ id, service, kind, label, version, t, createdBy }: Marker) => ({
  id,
  service,
  kind,
  label,
  version,
  t,
  createdBy,
});

/**
 * Deploy and manual markers, mounted at /api/v1/markers behind viewer auth; creating one needs editor. A posted
 * marker with a version is a deploy (what CI posts), without one a manual note, unless `kind` says otherwise.
 */
export function createMarkerRouter({
  markers,
  nowMs,
  newId = randomUUID,
}: {
  markers: Pick<MarkerRepo, 'create' | 'list'>;
  nowMs: () => number;
  newId?: () => string;
}): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const now = nowMs();
    const { from, to } = parseOr400(rangeSchema(now), req.query, 'query parameter');
    const { service, kind, limit } = parseOr400(listSchema, req.query, 'query parameter');
    const list = await markers.list({ service, kind, fromMs: from, toMs: to, limit });
    res.json({ markers: list.map(describeMarker) });
  });

  router.post('/', requireRole('editor'), async (req, res) => {
    const now = nowMs();
    if (req.body === undefined) throw new BadRequestError('body must be JSON (Content-Type: application/json)');
    const body = parseOr400(markerBody(now), req.body, 'body field');
    const marker: Marker = {
      id: newId(),
      service: body.service,
      kind: body.kind ?? (body.version === undefined ? 'manual' : 'deploy'),
      label: body.label,
      version: body.version ?? null,
      t: body.t ?? now,
      createdBy: principalOf(res).name,
    };
    await markers.create(marker);
    res
      .status(201)
      .location(`/api/v1/markers?service=${encodeURIComponent(marker.service)}`)
      .json(describeMarker(marker));
  });

  return router;
}
