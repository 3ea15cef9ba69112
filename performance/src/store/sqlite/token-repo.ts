import type { Database } from 'better-sqlite3';
import type { ApiTokenRecord, Store } from '../store.js';

interface TokenRow {
  id: string;
  name: string;
  role: ApiTokenRecord['role'];
  hash: string;
  created_at: number;
  revoked_at: number | null;
}

const fromRow = (r: TokenRow): ApiTokenRecord => ({
  id: r.id,
  name: r.name,
  role: r.role,
  hash: r.hash,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

/** API token records (hashes only; the token itself never reaches the store). */
export function createTokenRepo(db: Database, guard: () => void): Store['tokens'] {
  const insert = db.prepare(
    'INSERT INTO tokens (id, name, role, hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const list = db.prepare('SELECT * FROM tokens ORDER BY created_at, id');
  const byHash = db.prepare('SELECT * FROM tokens WHERE hash = ?');
  const revoke = db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  return {
    async create(r) {
      guard();
      insert.run(r.id, r.name, r.role, r.hash, r.createdAt, r.revokedAt);
    },
    async list() {
      guard();
      return (list.all() as TokenRow[]).map(fromRow);
    },
    async findByHash(hash) {
      guard();
      const row = byHash.get(hash) as TokenRow | undefined;
      return row === undefined ? null : fromRow(row);
    },
    async revoke(id, nowMs) {
      guard();
      return revoke.run(nowMs, id).changes > 0;
    },
  };
}
