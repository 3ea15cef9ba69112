import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import type { BenchmarkRecord, TraceStore } from '../store/traces/trace-store.js';
import { principalOf, requireRole } from './auth.js';
import { NotFoundError } from './errors.js';
import { limitParam, nonEmpty } from './query-params.js';
import { parseOr400 } from './validate.js';

export const MAX_BENCHMARK_LIST_LIMIT = 200;

const text = (max: number) => z.string().trim().min(1).max(max);
const count = z.number().int().nonnegative();
const ms = z.number().finite().nonnegative();

/** A load-runner summary (`npm run load`), e.g. { name: 'shop', profile: 'baseline', scenarios: [...], passed }. */
const benchmarkSchema = z.object(
  {
    name: text(200),
    profile: text(100),
    target: text(2_000),
    startedAt: z.number().int().positive(),
    durationMs: ms,
    scenarios: z
      .array(
        z.object({
          name: text(200),
          requests: count,
          errors: count,
          rps: ms,
          p50Ms: ms,
          p95Ms: ms,
          p99Ms: ms,
        }),
      )
      .max(50),
    thresholds: z.array(z.object({ name: text(500), ok: z.boolean() })).max(100),
    passed: z.boolean(),
  },
  { error: 'must be a JSON object with name, profile, target, startedAt, durationMs, scenarios, thresholds, passed' },
);

const listSchema = z.object({
  limit: limitParam(MAX_BENCHMARK_LIST_LIMIT).default(20),
  name: nonEmpty('a benchmark name').optional(),
  profile: nonEmpty('a load profile such as baseline').optional(),
});

/**
 * Load-runner summaries, mounted at /api/v1/benchmarks behind viewer auth: posting one needs editor, so runs from
 * CI or a laptop can be compared later.
 */
export function createBenchmarkRouter({
  traces,
  nowMs,
  newId = randomUUID,
}: {
  traces: Pick<TraceStore, 'benchmarks'>;
  nowMs: () => number;
  newId?: () => string;
}): Router {
  const router = Router();

  router.post('/', requireRole('editor'), async (req, res) => {
    const summary = parseOr400(benchmarkSchema, req.body, 'body field');
    const record: BenchmarkRecord = { id: newId(), createdAt: nowMs(), createdBy: principalOf(res).name, ...summary };
    await traces.benchmarks.create(record);
    res.status(201).location(`/api/v1/benchmarks/${record.id}`).json(record);
  });

  router.get('/', async (req, res) => {
    const query = parseOr400(listSchema, req.query, 'query parameter');
    res.json({ benchmarks: await traces.benchmarks.list(query) });
  });

  router.get('/:id', async (req, res) => {
    const record = await traces.benchmarks.get(req.params.id);
    if (record === null) throw new NotFoundError(`no benchmark with id "${req.params.id}"`);
    res.json(record);
  });

  return router;
}
