import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { ApiTokenRecord, Store } from '../store/store.js';
import { ForbiddenError, UnauthorizedError } from './errors.js';

export type Role = ApiTokenRecord['role'];
export const ROLES: readonly Role[] = ['viewer', 'editor', 'admin'];

/** Each role can do everything the roles before it can. */
const ROLE_RANK: Readonly<Record<Role, number>> = { viewer: 1, editor: 2, admin: 3 };

/** Who made a request. `tokenId` is null for the admin token from the config, which has no stored record. */
export interface Principal {
  tokenId: string | null;
  name: string;
  role: Role;
}

/** SHA-256 of a token, hex: the only form in which API tokens are stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** Resolves `Authorization: Bearer <token>` to a Principal in `res.locals.principal`, or answers 401. */
export function createAuthenticate({
  store,
  adminToken,
}: {
  store: Pick<Store, 'tokens'>;
  adminToken: string;
}): RequestHandler {
  const adminHash = hashToken(adminToken);
  return async (req, res, next) => {
    const header = req.get('authorization');
    if (header === undefined) throw new UnauthorizedError('missing Authorization: Bearer <token> header');
    const token = BEARER.exec(header)?.[1];
    if (token === undefined) throw new UnauthorizedError('Authorization header must be "Bearer <token>"');
    const hash = hashToken(token);
    if (sameHash(hash, adminHash)) {
      res.locals['principal'] = { tokenId: null, name: 'admin token', role: 'admin' } satisfies Principal;
      next();
      return;
    }
    const record = await store.tokens.findByHash(hash);
    if (record === null) throw new UnauthorizedError('unknown bearer token');
    if (record.revokedAt !== null) throw new UnauthorizedError('bearer token has been revoked');
    res.locals['principal'] = { tokenId: record.id, name: record.name, role: record.role } satisfies Principal;
    next();
  };
}

export function principalOf(res: Response): Principal {
  const principal = res.locals['principal'] as Principal | undefined;
  if (!principal) throw new UnauthorizedError();
  return principal;
}

/** 403 unless the authenticated principal has at least `role`. */
export function requireRole(role: Role): RequestHandler {
  return (_req, res, next) => {
    const principal = principalOf(res);
    if (ROLE_RANK[principal.role] < ROLE_RANK[role]) {
      throw new ForbiddenError(`this needs the ${role} role; token "${principal.name}" has ${principal.role}`);
    }
    next();
  };
}
