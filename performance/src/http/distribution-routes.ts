import { Router } from 'express';
import { z } from 'zod';
import { type LatencyDistribution, latencyDistribution } from '../query/distribution.js';
import { tallyRequests } from '../query/request-stats.js';
import { ATTR_METHOD, ATTR_ROUTE, HTTP_SERVER_DURATION } from '../query/semconv.js';
import type { Store } from '../store/store.js';
import { NotFoundError } from './errors.js';
import { nonEmpty, rangeSchema } from './query-params.js';
import { parseOr400 } from './validate.js';

export interface DistributionQuery {
  service: string;
  route?: string;
  method?: string;
  fromMs: number;
  toMs: number;
}

/** The latency distribution over a range; null when the service has no request series at all. */
export type DistributionReader = (query: DistributionQuery) => Promise<LatencyDistribution | null>;

/**
 * Reads the matching http.server.request.duration series merged over the range (the store's tiered read) and
 * merges them per unit as the request statistics do, so count and percentiles agree with /services and /routes.
 */
export function createDistributionReader({
  store,
}: {
  store: Pick<Store, 'findSeries' | 'readMerged'>;
}): DistributionReader {
  return async ({ service, route, method, fromMs, toMs }) => {
    const all = await store.findSeries({ metric: HTTP_SERVER_DURATION, service });
    if (all.length === 0) return null;
    const series = all.filter(
      (s) =>
        (route === undefined || s.attributes[ATTR_ROUTE] === route) &&
        (method === undefined || s.attributes[ATTR_METHOD] === method),
    );
    if (series.length === 0) return latencyDistribution(null, { msPerUnit: 1 });
    const aggregates = await store.readMerged({ seriesIds: series.map((s) => s.id), fromMs, toMs });
    const byId = new Map(series.map((s) => [s.id, s]));
    const items = aggregates.flatMap((aggregate) => {
      const ref = byId.get(aggregate.seriesId);
      return ref ? [{ series: ref, aggregate }] : [];
    });
    // Apdex T plays no part here; tallyRequests is used for its per-unit histogram merge.
    const tally = tallyRequests(items, 1);
    return latencyDistribution(tally.histogram, { msPerUnit: tally.histogramMsPerUnit });
  };
}

const distributionSchema = z.object({
  service: nonEmpty('a service name'),
  route: nonEmpty('a route template such as /products/:id').optional(),
  method: nonEmpty('an HTTP method such as GET').optional(),
});

/** GET /distribution (role viewer): 404 for a service that has sent no request metrics. */
export function createDistributionRouter({ read, nowMs }: { read: DistributionReader; nowMs: () => number }): Router {
  const router = Router();
  router.get('/distribution', async (req, res) => {
    const { from, to } = parseOr400(rangeSchema(nowMs()), req.query, 'query parameter');
    const params = parseOr400(distributionSchema, req.query, 'query parameter');
    const result = await read({ ...params, fromMs: from, toMs: to });
    if (result === null) throw new NotFoundError(`service "${params.service}" has no request data`);
    res.json(result);
  });
  return router;
}
