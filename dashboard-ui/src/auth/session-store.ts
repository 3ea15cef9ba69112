// The signed-in session, kept in sessionStorage: it lasts as long as the tab and is never written to disk the
// way localStorage is. Only the token and what /api/v1/session said about it are stored.
import type { ApiClient } from '../api/client.js';
import { ApiError } from '../api/client.js';
import type { Role, SessionInfo } from '../api/types.js';

export interface Session extends SessionInfo {
  token: string;
}

const KEY = 'stride.session';
const ROLES: readonly Role[] = ['viewer', 'editor', 'admin'];

export const EXPIRED_MESSAGE = 'That token is not valid or has expired';

export function readSession(storage: Pick<Storage, 'getItem'>): Session | null {
  try {
    const value = JSON.parse(storage.getItem(KEY) ?? 'null') as Partial<Session> | null;
    if (
      typeof value?.token === 'string' &&
      value.token !== '' &&
      typeof value.name === 'string' &&
      ROLES.includes(value.role as Role)
    ) {
      return { token: value.token, name: value.name, role: value.role as Role };
    }
  } catch {
    // A hand-edited or corrupt entry: treat as signed out.
  }
  return null;
}

export function writeSession(storage: Pick<Storage, 'setItem' | 'removeItem'>, session: Session | null): void {
  if (session === null) storage.removeItem(KEY);
  else storage.setItem(KEY, JSON.stringify(session));
}

const ROLE_RANK: Record<Role, number> = { viewer: 1, editor: 2, admin: 3 };

/** Whether `role` may do what `needed` may (editor ⊃ viewer, admin ⊃ editor), as the server decides. */
export function hasRole(role: Role | undefined, needed: Role): boolean {
  return role !== undefined && ROLE_RANK[role] >= ROLE_RANK[needed];
}

function isSessionInfo(value: unknown): value is SessionInfo {
  const v = value as Partial<SessionInfo> | null;
  return typeof v?.name === 'string' && ROLES.includes(v.role as Role);
}

/**
 * Who the token belongs to, from GET /api/v1/session. Throws an ApiError whose message is fit for the sign-in
 * form: a 401 becomes EXPIRED_MESSAGE.
 */
export async function fetchSessionInfo(client: ApiClient): Promise<SessionInfo> {
  try {
    const body = await client.get('/api/v1/session');
    if (!isSessionInfo(body))
      throw new ApiError(502, 'bad_session', 'The metrics service answered an unexpected session');
    return { name: body.name, role: body.role };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw new ApiError(401, error.code, EXPIRED_MESSAGE);
    throw error;
  }
}
