import { Router } from 'express';

export interface Readiness {
  ready: boolean;
  /** Why not ready, for operators reading the probe's body. */
  reason?: string;
}

/** GET /healthz: the process is alive. GET /readyz: the store answers and the server accepts requests (else 503). */
export function createHealthRouter({ readiness }: { readiness: () => Promise<Readiness> }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const { ready, reason } = await readiness();
    res.status(ready ? 200 : 503).json(ready ? { status: 'ready' } : { status: 'unavailable', reason });
  });
  return router;
}
