import { Router } from 'express';
import { principalOf, type Role } from './auth.js';

export interface Session {
  /** The token's name; `admin` for the admin token from the config. */
  name: string;
  role: Role;
}

/**
 * GET /session: who the bearer token belongs to, so the dashboard can greet the user and hide what the role cannot
 * do. Mounted under /api/v1 after authentication; any role may ask. 401 (from auth) for a bad token is how the
 * sign-in page checks a token.
 */
export function createSessionRouter(): Router {
  const router = Router();
  router.get('/session', (_req, res) => {
    const principal = principalOf(res);
    // The config's admin token has no stored record (tokenId null): it is simply "admin".
    const session: Session = { name: principal.tokenId === null ? 'admin' : principal.name, role: principal.role };
    res.setHeader('Cache-Control', 'no-store');
    res.json(session);
  });
  return router;
}
