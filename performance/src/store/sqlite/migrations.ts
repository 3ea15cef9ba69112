/**
 * Schema history. A migration is appended, never edited: databases in the field have run the old ones.
 *
 * Points tables, one per tier. `count`/`sum`/`min`/`max` are in the metric's unit (seconds for
 * http.server.request.duration); `hist` is ExponentialHistogram.encode() of the bucket's merged distribution (NULL for
 * sums and gauges); `last`/`last_ms` hold the newest gauge sample and its time.
 *  - 1 m and 1 h: one row per (series, bucket start). WITHOUT ROWID clusters rows by (series_id, start_ms), so a range
 *    read of one series is one contiguous scan.
 *  - 10 s (since v2): an append-only log, one row per (bucket, series, part); every write adds a part holding its
 *    delta, and readers merge the parts. Clustered by time, so a write of 1,000 series lands in a few adjacent pages
 *    (clustered by series it dirtied ~1,000 pages, each written whole to the WAL), and nothing is read back to store a
 *    point. Retention deletes a contiguous prefix.
 * `rollup_pending` (v2) lists the 10 s parts (write sequence, bucket) whose coarse deltas are still only in memory
 * (see RollupBuffer); after a crash they are merged into the coarse rows from the 10 s tier.
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
  {
    version: 2,
    description: '10 s tier as a time-clustered append-only log; rollup_pending',
    sql: `
      CREATE TABLE points_10s_log (
        start_ms INTEGER NOT NULL,
        series_id INTEGER NOT NULL,
        part INTEGER NOT NULL,
        count INTEGER NOT NULL,
        sum REAL NOT NULL,
        min REAL NOT NULL,
        max REAL NOT NULL,
        last REAL,
        last_ms INTEGER,
        hist BLOB,
        PRIMARY KEY (start_ms, series_id, part)
      ) WITHOUT ROWID;
      INSERT INTO points_10s_log (start_ms, series_id, part, count, sum, min, max, last, last_ms, hist)
        SELECT start_ms, series_id, 0, count, sum, min, max, last, last_ms, hist FROM points_10s;
      DROP TABLE points_10s;
      ALTER TABLE points_10s_log RENAME TO points_10s;
      CREATE TABLE rollup_pending (
        seq INTEGER NOT NULL,
        start_ms INTEGER NOT NULL,
        PRIMARY KEY (seq, start_ms)
      ) WITHOUT ROWID;`,
  },
];
