import type { Database } from 'better-sqlite3';

/**
 * Schema of recommendations, their history, markers and last seen service versions, in the metrics database.
 * Versioned apart from the points schema (meta key `recommendation_schema`), so both histories append without
 * sharing one version sequence. Like migrations.ts: append, never edit.
 *
 * `recommendations` keeps the JSON parts (evidence, fix, validation) as text and the columns the list filters and
 * sorts by as columns; `ms_saved_per_minute` is the priority. History rows are append-only.
 */
const RECOMMENDATION_SCHEMA: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE recommendations (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        service TEXT NOT NULL,
        key TEXT NOT NULL,
        route TEXT,
        status TEXT NOT NULL,
        ms_saved_per_request REAL NOT NULL,
        ms_saved_per_minute REAL NOT NULL,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        revision INTEGER NOT NULL,
        body TEXT NOT NULL,
        UNIQUE (kind, service, key)
      );
      CREATE INDEX recommendations_by_priority ON recommendations (ms_saved_per_minute DESC, last_seen DESC);
      CREATE TABLE recommendation_history (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        recommendation_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        type TEXT NOT NULL,
        from_status TEXT,
        to_status TEXT NOT NULL,
        reason TEXT NOT NULL
      );
      CREATE INDEX recommendation_history_by_id ON recommendation_history (recommendation_id, seq);
      CREATE TABLE markers (
        id TEXT PRIMARY KEY,
        service TEXT NOT NULL,
        kind TEXT NOT NULL,
        label TEXT NOT NULL,
        version TEXT,
        t INTEGER NOT NULL,
        created_by TEXT NOT NULL
      );
      CREATE INDEX markers_by_service_time ON markers (service, t);
      CREATE INDEX markers_by_time ON markers (t);
      CREATE TABLE service_versions (
        service TEXT PRIMARY KEY,
        version TEXT NOT NULL,
        seen_at INTEGER NOT NULL
      );`,
  },
];

const META_KEY = 'recommendation_schema';

/** Applies the recommendation schema versions the database lacks, each in its own transaction. */
export function migrateRecommendationTables(db: Database): number[] {
  const stored = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(META_KEY) as string | undefined;
  const current = stored === undefined ? 0 : Number(stored);
  const setVersion = db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const applied: number[] = [];
  for (const step of RECOMMENDATION_SCHEMA) {
    if (step.version <= current) continue;
    db.transaction(() => {
      db.exec(step.sql);
      setVersion.run(META_KEY, String(step.version));
    })();
    applied.push(step.version);
  }
  return applied;
}
