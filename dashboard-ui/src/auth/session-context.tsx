import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { type ApiClient, type ApiError, createApiClient } from '../api/client.js';
import type { Role } from '../api/types.js';
import {
  EXPIRED_MESSAGE,
  fetchSessionInfo,
  hasRole,
  readSession,
  type Session,
  writeSession,
} from './session-store.js';

interface SessionContextValue {
  session: Session | null;
  /** Why the user was signed out, shown on the sign-in page. */
  notice: string | null;
  api: ApiClient | null;
  signIn(token: string): Promise<void>;
  signOut(notice?: string): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export interface SessionProviderProps {
  children: ReactNode;
  storage?: Storage;
  fetchImpl?: typeof fetch;
}

export function SessionProvider({ children, storage = sessionStorage, fetchImpl }: SessionProviderProps) {
  const [session, setSession] = useState<Session | null>(() => readSession(storage));
  const [notice, setNotice] = useState<string | null>(null);

  const signOut = useCallback(
    (message?: string) => {
      writeSession(storage, null);
      setSession(null);
      setNotice(message ?? null);
    },
    [storage],
  );

  const signIn = useCallback(
    async (token: string) => {
      const probe = createApiClient({ token, ...(fetchImpl ? { fetchImpl } : {}) });
      const info = await fetchSessionInfo(probe);
      const next = { token, ...info };
      writeSession(storage, next);
      setNotice(null);
      setSession(next);
    },
    [storage, fetchImpl],
  );

  const api = useMemo(
    () =>
      session === null
        ? null
        : createApiClient({
            token: session.token,
            // Any 401 later (token revoked or expired meanwhile) ends the session with the same message.
            onUnauthorized: (_error: ApiError) => signOut(EXPIRED_MESSAGE),
            ...(fetchImpl ? { fetchImpl } : {}),
          }),
    [session, signOut, fetchImpl],
  );

  const value = useMemo(() => ({ session, notice, api, signIn, signOut }), [session, notice, api, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The API client of the signed-in session; pages only render inside a session. */
export function useApi(): ApiClient {
  const { api } = useSession();
  if (api === null) throw new Error('useApi without a session');
  return api;
}

/** True when the signed-in role may use controls that need `role` (viewers see no edit controls). */
export function useCan(role: Role): boolean {
  return hasRole(useSession().session?.role, role);
}

/** Renders its children only for roles at or above `role`. */
export function RequireRole({ minRole, children }: { minRole: Role; children: ReactNode }) {
  return useCan(minRole) ? children : null;
}
