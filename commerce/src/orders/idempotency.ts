import { createHash } from 'node:crypto';
import type { Queryable } from '../db/queryable.js';
import { HttpError, UnprocessableError } from '../http/errors.js';

/** A claim left `in_progress` this long (its process died mid-request) may be taken over by a retry. */
const STALE_CLAIM_SECONDS = 60;

export type IdempotencyClaim = { kind: 'claimed' } | { kind: 'replay'; status: number; body: unknown };

/** Fingerprint of a request body: the same key with a different body is a client bug, not a retry. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

export class IdempotencyInProgressError extends HttpError {
  override readonly name = 'IdempotencyInProgressError';
  constructor(key: string) {
    super(
      409,
      'idempotency_key_in_progress',
      `a request with Idempotency-Key "${key}" is still being processed`,
      undefined,
      {
        'Retry-After': '1',
      },
    );
  }
}

/**
 * Claims (user, key) for this request. First use → `claimed`; a completed earlier request with the same body →
 * `replay` of its stored response; one still running → 409; the key used with a different body → 422 (as the
 * IETF Idempotency-Key draft and Stripe do).
 */
export async function claimIdempotencyKey(
  db: Queryable,
  userId: number,
  key: string,
  hash: string,
): Promise<IdempotencyClaim> {
  const claimed = await db.query(
    `INSERT INTO idempotency_keys AS k (user_id, key, request_hash, state) VALUES ($1, $2, $3, 'in_progress')
     ON CONFLICT (user_id, key) DO UPDATE SET created_at = now()
       WHERE k.state = 'in_progress' AND k.request_hash = EXCLUDED.request_hash
         AND k.created_at < now() - make_interval(secs => ${STALE_CLAIM_SECONDS})`,
    [userId, key, hash],
  );
  if (claimed.rowCount === 1) return { kind: 'claimed' };
  const { rows } = await db.query<{
    request_hash: string;
    state: string;
    response_status: number | null;
    response_body: unknown;
  }>(
    'SELECT request_hash, state, response_status, response_body FROM idempotency_keys WHERE user_id = $1 AND key = $2',
    [userId, key],
  );
  const row = rows[0];
  // Released between our INSERT and SELECT: the other request failed; let the client retry.
  if (!row) throw new IdempotencyInProgressError(key);
  if (row.request_hash !== hash) {
    throw new UnprocessableError(
      'idempotency_key_reused',
      `Idempotency-Key "${key}" was already used with a different request body`,
    );
  }
  if (row.state !== 'completed' || row.response_status === null) throw new IdempotencyInProgressError(key);
  return { kind: 'replay', status: row.response_status, body: row.response_body };
}

export async function completeIdempotencyKey(
  db: Queryable,
  userId: number,
  key: string,
  status: number,
  body: unknown,
): Promise<void> {
  await db.query(
    `UPDATE idempotency_keys SET state = 'completed', response_status = $3, response_body = $4 WHERE user_id = $1 AND key = $2`,
    [userId, key, status, JSON.stringify(body)],
  );
}

/** Forgets an unfinished claim so the client may retry with the same key (after a failure nothing was stored for). */
export async function releaseIdempotencyKey(db: Queryable, userId: number, key: string): Promise<void> {
  await db.query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND state = 'in_progress'`, [
    userId,
    key,
  ]);
}
