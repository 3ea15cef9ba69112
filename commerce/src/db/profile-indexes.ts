import type pg from 'pg';
import type { ProfileSettings } from '../config/profile.js';

/**
 * Indexes that differ by profile, applied after migrations on every start. Today one: orders by user, newest
 * first — the index "my orders" needs. The naive profile drops it (so the same database can be switched between
 * profiles and the plan change is observable), the optimized profile creates it.
 */
const ORDERS_BY_USER = {
  create: 'CREATE INDEX IF NOT EXISTS orders_user_created_idx ON orders (user_id, created_at DESC, id DESC)',
  drop: 'DROP INDEX IF EXISTS orders_user_created_idx',
};

export async function applyProfileIndexes(pool: pg.Pool, settings: ProfileSettings): Promise<void> {
  await pool.query(settings.ordersByUserIndex ? ORDERS_BY_USER.create : ORDERS_BY_USER.drop);
}
