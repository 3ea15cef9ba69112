import { describe, expect, it } from 'vitest';
import { type ApiClient, ApiError } from '../api/client.js';
import { EXPIRED_MESSAGE, fetchSessionInfo, hasRole, readSession, writeSession } from './session-store.js';

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}

const client = (answer: () => Promise<unknown>): ApiClient => ({ get: answer, post: answer });

describe('session store', () => {
  it('round-trips a session and rejects corrupt or incomplete entries', () => {
    const storage = memoryStorage();
    writeSession(storage, { token: 't', name: 'ci', role: 'editor' });
    expect(readSession(storage)).toEqual({ token: 't', name: 'ci', role: 'editor' });
    storage.setItem('stride.session', '{"token":"t","name":"x","role":"root"}');
    expect(readSession(storage)).toBeNull();
    storage.setItem('stride.session', 'not json');
    expect(readSession(storage)).toBeNull();
    writeSession(storage, null);
    expect(storage.getItem('stride.session')).toBeNull();
  });

  it('ranks roles as the server does', () => {
    expect(hasRole('admin', 'editor')).toBe(true);
    expect(hasRole('editor', 'editor')).toBe(true);
    expect(hasRole('viewer', 'editor')).toBe(false);
    expect(hasRole(undefined, 'viewer')).toBe(false);
  });

  it('reads /api/v1/session and words a 401 for people', async () => {
    await expect(fetchSessionInfo(client(async () => ({ name: 'ci', role: 'viewer', extra: 1 })))).resolves.toEqual({
      name: 'ci',
      role: 'viewer',
    });
    await expect(
      fetchSessionInfo(client(async () => Promise.reject(new ApiError(401, 'unauthorized', 'unknown bearer token')))),
    ).rejects.toMatchObject({
      status: 401,
      message: EXPIRED_MESSAGE,
    });
    await expect(fetchSessionInfo(client(async () => ({ name: 'ci' })))).rejects.toMatchObject({ code: 'bad_session' });
  });
});
