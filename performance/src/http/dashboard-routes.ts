import { Router } from 'express';
import type { DashboardCatalog } from '../dashboards/dashboard-catalog.js';
import { HttpError, NotFoundError } from './errors.js';

/** A dashboard file that exists but does not validate; the message names the file and the JSON path. */
export class InvalidDashboardError extends HttpError {
  override readonly name = 'InvalidDashboardError';
  constructor(message: string) {
    super(422, 'invalid_dashboard', message);
  }
}

/** GET /dashboards and /dashboards/:id (role viewer): built-in and user JSON dashboards (docs/dashboards.md). */
export function createDashboardRouter({ catalog }: { catalog: DashboardCatalog }): Router {
  const router = Router();
  router.get('/dashboards', async (_req, res) => {
    res.json({ dashboards: await catalog.list() });
  });
  router.get('/dashboards/:id', async (req, res) => {
    const { id } = req.params;
    const found = await catalog.get(id);
    if (found === null) throw new NotFoundError(`no dashboard "${id}"; GET /api/v1/dashboards lists them`);
    if ('error' in found) throw new InvalidDashboardError(found.error);
    res.json(found.dashboard);
  });
  return router;
}
