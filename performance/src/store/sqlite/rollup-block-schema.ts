import type { Database } from 'better-sqlite3';
import type { Tier } from '../store.js';

/**
 * Levels of rollup blocks: a block of level k merges 2^k consecutive buckets of the coarsest tier, aligned to its
 * size from the epoch (with 1 h buckets: 2 h, 4 h, … 256 h ≈ 10.7 days). Any range of whole buckets splits into at
 * most ~2·LEVELS blocks and single buckets, so a 24 h read merges ≤ 8 stored rows per series instead of 24, and
 * 7 days ≤ 12 instead of 168.
 */
export const BLOCK_LEVELS = 8;

/**
 * Tables and triggers of the rollup blocks (see RollupBlocks), created if missing at every open, so a data dir made
 * before them gains them (and builds its blocks in the background), and a points-table migration that recreates
 * the coarsest table gets its triggers back. Additive: nothing else reads or writes these tables, and a store
 * without them reads the bucket rows as before.
 *
 *  - rollup_blocks: one row per (series, block) with data, the same columns as a bucket row.
 *  - rollup_block_state: the time range [low_ms, high_ms) inside which blocks are built (but for dirty and pending
 *    ones) and triggers keep them exact; readers use blocks only inside it.
 *  - rollup_blocks_dirty: buckets written after their blocks were built, whose blocks the builder makes again.
 *    A bucket inserted below the built range clears `backfilled`, so the builder extends the range back over it.
 *
 * Exactness does not depend on the builder keeping up: a trigger on the coarsest table deletes, in the writing
 * transaction, every block containing a bucket that is inserted, updated or deleted (a late point, a recovered
 * rollup, retention), so a block never disagrees with its buckets; a missing block is read from the buckets.
 */
export function ensureRollupBlockSchema(db: Database, coarsest: Tier): void {
  const table = `points_${coarsest.name}`;
  // The start of each level's block containing bucket `t`: one point lookup per level in the primary key.
  const containing = (t: string) =>
    Array.from({ length: BLOCK_LEVELS }, (_, k) => {
      const size = coarsest.stepMs * 2 ** (k + 1);
      return `${t} - ${t} % ${size}`;
    }).join(', ');
  const drop = (t: string) =>
    `DELETE FROM rollup_blocks WHERE series_id = ${t === 'NEW.start_ms' ? 'NEW' : 'OLD'}.series_id
       AND start_ms IN (${containing(t)}) AND end_ms > ${t};`;
  const inBuilt = (t: string) =>
    `${t} >= (SELECT low_ms FROM rollup_block_state) AND ${t} < (SELECT high_ms FROM rollup_block_state)`;
  // Not `INSERT OR IGNORE`: inside a trigger the firing statement's conflict policy wins, so an upsert into the
  // coarsest table (ABORT) would fail on a bucket already marked dirty.
  const markDirty = `INSERT INTO rollup_blocks_dirty (series_id, start_ms) SELECT NEW.series_id, NEW.start_ms
       WHERE NOT EXISTS (SELECT 1 FROM rollup_blocks_dirty WHERE series_id = NEW.series_id AND start_ms = NEW.start_ms);`;
  db.exec(`
    CREATE TABLE IF NOT EXISTS rollup_blocks (
      series_id INTEGER NOT NULL,
      start_ms INTEGER NOT NULL,
      end_ms INTEGER NOT NULL,
      count INTEGER NOT NULL,
      sum REAL NOT NULL,
      min REAL NOT NULL,
      max REAL NOT NULL,
      last REAL,
      last_ms INTEGER,
      hist BLOB,
      PRIMARY KEY (series_id, start_ms, end_ms)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS rollup_block_state (
      id INTEGER PRIMARY KEY CHECK (id = 0),
      step_ms INTEGER NOT NULL,
      low_ms INTEGER NOT NULL,
      high_ms INTEGER NOT NULL,
      -- Blocks still to build after [low, high) grew: those within [pend_from, pend_to) ending after pend_after,
      -- level by level from (pend_level, pend_start). NULL when none.
      pend_from INTEGER,
      pend_after INTEGER,
      pend_to INTEGER,
      pend_level INTEGER,
      pend_start INTEGER,
      -- Whether [low, high) reaches back to the oldest bucket (no backfill left).
      backfilled INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE IF NOT EXISTS rollup_blocks_dirty (
      series_id INTEGER NOT NULL,
      start_ms INTEGER NOT NULL,
      PRIMARY KEY (series_id, start_ms)
    ) WITHOUT ROWID;
`);
  // Replaced when their text differs (a data dir from an older version); left alone otherwise, since a schema change
  // would look to another open store like a second writer (see checkOtherWriters).
  const triggers: Record<string, string> = {
    rollup_blocks_after_insert: `AFTER INSERT ON ${table}
    WHEN ${inBuilt('NEW.start_ms')}
    BEGIN ${drop('NEW.start_ms')} ${markDirty} END`,
    rollup_blocks_after_update: `AFTER UPDATE ON ${table}
    WHEN ${inBuilt('NEW.start_ms')} OR ${inBuilt('OLD.start_ms')}
    BEGIN ${drop('NEW.start_ms')} ${drop('OLD.start_ms')} ${markDirty} END`,
    // Older data arriving below the built range (an import, a long-buffering exporter, a store that started empty)
    // reopens the backfill.
    rollup_blocks_below_low: `AFTER INSERT ON ${table}
    WHEN NEW.start_ms < (SELECT low_ms FROM rollup_block_state)
    BEGIN UPDATE rollup_block_state SET backfilled = 0 WHERE backfilled = 1; END`,
    rollup_blocks_after_delete: `AFTER DELETE ON ${table}
    WHEN ${inBuilt('OLD.start_ms')}
    BEGIN ${drop('OLD.start_ms')} END`,
  };
  const storedSql = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?").pluck();
  db.transaction(() => {
    for (const [name, body] of Object.entries(triggers)) {
      const sql = `CREATE TRIGGER ${name} ${body}`;
      if (storedSql.get(name) !== sql) db.exec(`DROP TRIGGER IF EXISTS ${name}; ${sql}`);
    }
  }).immediate();
  // Blocks built for another coarsest step (the tier layout is fixed per file, but be safe) are dropped.
  const state = db.prepare('SELECT step_ms FROM rollup_block_state').pluck().get() as number | undefined;
  if (state !== undefined && state !== coarsest.stepMs) {
    db.exec('DELETE FROM rollup_blocks; DELETE FROM rollup_blocks_dirty; DELETE FROM rollup_block_state;');
  }
}
