import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { generateToken } from '../config/admin-token.js';
import type { ApiTokenRecord, Store } from '../store/store.js';
import { hashToken, ROLES, type Role } from './auth.js';
import { NotFoundError } from './errors.js';
import { param, parseOr400 } from './validate.js';

const createTokenSchema = z.object(
  {
    name: param('a name of 1-100 characters', (raw) => {
      const name = raw.trim();
      return name.length >= 1 && name.length <= 100 ? name : null;
    }),
    role: param(`one of ${ROLES.join(', ')}`, (raw) =>
      (ROLES as readonly string[]).includes(raw) ? (raw as Role) : null,
    ),
  },
  { error: 'must be a JSON object like {"name": "ci", "role": "viewer"}' },
);

/** The public view of a token record: never the hash. */
function describe({ id, name, role, createdAt, revokedAt }: ApiTokenRecord) {
  return { id, name, role, createdAt, revokedAt };
}

/**
 * Token management, mounted at /api/v1/tokens behind requireRole('admin').
 * The token value is returned once, by POST; only its SHA-256 is stored.
 */
export function createTokenRouter({
  store,
  nowMs,
  newToken = generateToken,
}: {
  store: Pick<Store, 'tokens'>;
  nowMs: () => number;
  newToken?: () => string;
}): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const { name, role } = parseOr400(createTokenSchema, req.body, 'body field');
    const token = newToken();
    const record: ApiTokenRecord = {
      id: randomUUID(),
      name,
      role,
      hash: hashToken(token),
      createdAt: nowMs(),
      revokedAt: null,
    };
    await store.tokens.create(record);
    res
      .status(201)
      .location(`/api/v1/tokens/${record.id}`)
      .json({ ...describe(record), token });
  });

  router.get('/', async (_req, res) => {
    const tokens = await store.tokens.list();
    res.json({ tokens: tokens.map(describe) });
  });

  router.delete('/:id', async (req, res) => {
    const revoked = await store.tokens.revoke(req.params.id, nowMs());
    if (!revoked) throw new NotFoundError(`no active token with id "${req.params.id}"`);
    res.status(204).end();
  });

  return router;
}
