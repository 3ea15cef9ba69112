import type { Database } from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations.js';

/** Applies every migration newer than the database's highest recorded version, each in its own transaction. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS, nowMs = Date.now()): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS migrations (
    version INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const row = db.prepare('SELECT max(version) AS v FROM migrations').get() as { v: number | null };
  const current = row.v ?? 0;
  const record = db.prepare('INSERT INTO migrations (version, description, applied_at) VALUES (?, ?, ?)');
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.description, nowMs);
    })();
    applied.push(migration.version);
  }
  return applied;
}
