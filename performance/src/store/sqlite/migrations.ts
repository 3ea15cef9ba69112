/**
 * Schema history. A migration is appended, never edited: databases in the field have run the old ones.
 *
 * Points tables, one per tier: one row per (series, bucket start). `count`/`sum`/`min`/`max` are in the metric's unit
 * (seconds for http.server.request.duration); `hist` is ExponentialHistogram.encode() of the bucket's merged
 * distribution (NULL for sums and gauges); `last`/`last_ms` hold the newest gauge sample and its time.
 * WITHOUT ROWID clusters rows by (series_id, start_ms), so a range read of one series is one contiguous scan.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

const pointsTable = (name: string): string => `
  CREATE TABLE points_${name} (
    series_id INTEGER NOT NULL,
    start_ms INTEGER NOT NULL,
    count INTEGER NOT NULL,
    sum REAL NOT NULL,
    min REAL NOT NULL,
    max REAL NOT NULL,
    last REAL,
    last_ms INTEGER,
    hist BLOB,
    PRIMARY KEY (series_id, start_ms)
  ) WITHOUT ROWID;`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'series, tier points, api tokens, meta',
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE series (
        id INTEGER PRIMARY KEY,
        service TEXT NOT NULL,
        metric TEXT NOT NULL,
        kind TEXT NOT NULL,
        unit TEXT NOT NULL,
        attrs TEXT NOT NULL,
        attrs_key TEXT NOT NULL,
        UNIQUE (service, metric, attrs_key)
      );
      ${pointsTable('10s')}
      ${pointsTable('1m')}
      ${pointsTable('1h')}
      CREATE TABLE tokens (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
      );`,
  },
];
