import { readdir, readFile } from 'node:fs/promises';
import type pg from 'pg';

/** commerce/migrations, from src/db/ and from dist/db/ alike. */
export const MIGRATIONS_DIR = new URL('../../migrations/', import.meta.url);

// Any fixed number shared by every process migrating this database; serializes concurrent migrators.
const MIGRATION_LOCK_KEY = 727_001;

export interface Migration {
  /** File name without `.sql`, e.g. `001_catalog`; applied in this order. */
  version: string;
  sql: string;
}

export async function loadMigrations(dir: URL = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  return Promise.all(
    names.map(async (name) => ({ version: name.slice(0, -4), sql: await readFile(new URL(name, dir), 'utf8') })),
  );
}

/**
 * Applies each migration not yet in `schema_migrations`, one transaction per file, under an advisory lock so
 * two processes starting together do not both apply it. Returns the versions applied now.
 */
export async function migrate(pool: pg.Pool, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await loadMigrations());
  await pool.query(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const applied: string[] = [];
  for (const { version, sql } of all) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      const done = await client.query('SELECT 1 FROM schema_migrations WHERE version = $1', [version]);
      if (done.rowCount === 0) {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
        applied.push(version);
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw new MigrationError(version, err);
    } finally {
      client.release();
    }
  }
  return applied;
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(
    readonly version: string,
    cause: unknown,
  ) {
    super(`migration ${version} failed: ${(cause as Error)?.message ?? cause}`, { cause });
  }
}
