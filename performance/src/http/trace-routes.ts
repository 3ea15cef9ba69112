import { Router } from 'express';
import { z } from 'zod';
import type { SpanRecord } from '../ingest/spans.js';
import {
  TRACE_SORTS,
  type TraceStatusFilter,
  type TraceStore,
  type TraceSummary,
} from '../store/traces/trace-store.js';
import { BadRequestError, NotFoundError } from './errors.js';
import { limitParam, nonEmpty, nonNegativeMsParam, oneOf, rangeSchema } from './query-params.js';
import { param, parseOr400 } from './validate.js';

export const MAX_TRACE_LIST_LIMIT = 1_000;

/** `error`, `ok`, a status code (`404`) or a class (`5xx`). */
const statusParam = param('error, ok, a status code like 503 or a class like 5xx', (raw): TraceStatusFilter | null => {
  const value = raw.trim().toLowerCase();
  if (value === 'error' || value === 'ok') return { kind: value };
  if (/^[1-5]\d\d$/.test(value)) return { kind: 'code', code: Number(value) };
  const cls = /^([1-5])xx$/.exec(value);
  return cls ? { kind: 'class', minCode: Number(cls[1]) * 100, maxCode: Number(cls[1]) * 100 + 99 } : null;
});

const listSchema = z.object({
  service: nonEmpty('a service name').optional(),
  route: nonEmpty('a route template such as /products/:id').optional(),
  method: param('an HTTP method such as GET', (raw) => (/^[A-Za-z]+$/.test(raw) ? raw.toUpperCase() : null)).optional(),
  minDurationMs: nonNegativeMsParam.optional(),
  status: statusParam.optional(),
  limit: limitParam(MAX_TRACE_LIST_LIMIT).default(50),
  sort: oneOf(TRACE_SORTS).default('start'),
});

const TRACE_ID = /^[0-9a-fA-F]{32}$/;

/** The API's view of a trace summary: unit-suffixed names, start as `startTime` (unix ms). */
const describeTrace = ({
  traceId,
  service,
  services,
  route,
  method,
  status,
  error,
  startMs,
  durationMs,
  spanCount,
}: TraceSummary) => ({
  traceId,
  service,
  route,
  method,
  status,
  startTime: startMs,
  durationMs,
  spanCount,
  error,
  services,
});

const describeSpan = (s: SpanRecord) => ({
  spanId: s.spanId,
  parentSpanId: s.parentSpanId,
  service: s.service,
  name: s.name,
  kind: s.kind,
  startTime: s.startMs,
  durationMs: s.durationMs,
  status: s.status,
  statusMessage: s.statusMessage,
  attributes: s.attributes,
});

/** GET /traces and /traces/:traceId; mounted under /api/v1 behind viewer auth. */
export function createTraceRouter({
  traces,
  nowMs,
}: {
  traces: Pick<TraceStore, 'listTraces' | 'getTrace'>;
  nowMs: () => number;
}): Router {
  const router = Router();

  router.get('/traces', async (req, res) => {
    const { from, to } = parseOr400(rangeSchema(nowMs()), req.query, 'query parameter');
    const params = parseOr400(listSchema, req.query, 'query parameter');
    const list = await traces.listTraces({ ...params, fromMs: from, toMs: to });
    res.json({ traces: list.map(describeTrace) });
  });

  router.get('/traces/:traceId', async (req, res) => {
    const { traceId } = req.params;
    if (!TRACE_ID.test(traceId)) {
      throw new BadRequestError(
        `path parameter "traceId" must be 32 hex characters; got ${JSON.stringify(traceId.slice(0, 40))}`,
      );
    }
    const spans = await traces.getTrace(traceId.toLowerCase());
    if (spans === null) throw new NotFoundError(`no trace with id "${traceId}" (it may have expired)`);
    res.json({ traceId: traceId.toLowerCase(), spans: spans.map(describeSpan) });
  });

  return router;
}
