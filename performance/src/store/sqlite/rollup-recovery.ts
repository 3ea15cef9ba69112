import type { Database } from 'better-sqlite3';
import { AggregateBuilder } from '../aggregate-builder.js';
import type { Tier } from '../store.js';
import { toBlob } from './blob.js';

type FinestRow = [
  seriesId: number,
  count: number,
  sum: number,
  min: number,
  max: number,
  last: number | null,
  lastMs: number | null,
  hist: Buffer | null,
];

/**
 * Rebuilds the coarse buckets listed in `rollup_pending` from the finest tier, after a process stopped with deltas
 * still in its RollupBuffer (a crash; close() flushes). Sound because every point is in the finest tier before
 * write() resolves, and a coarse bucket is only deferred while the finest tier still holds all of it (retention
 * flushes first), so its row is exactly the merge of its finest rows. Returns how many buckets it rebuilt.
 */
export function recoverRollups(db: Database, tiers: readonly Tier[]): number {
  const finest = (tiers[0] as Tier).name;
  const pending = db
    .prepare('SELECT tier, start_ms, json_group_array(series_id) FROM rollup_pending GROUP BY tier, start_ms')
    .raw(true)
    .all() as [string, number, string][];
  if (pending.length === 0) return 0;
  const select = db
    .prepare(`
      SELECT series_id, count, sum, min, max, last, last_ms, hist FROM points_${finest}
      WHERE start_ms >= ? AND start_ms < ? AND series_id IN (SELECT value FROM json_each(?))
      ORDER BY start_ms, series_id, part`)
    .raw(true);
  let rebuilt = 0;
  db.transaction(() => {
    for (const [tierName, startMs, idsJson] of pending) {
      const tier = tiers.find((t) => t.name === tierName);
      if (tier === undefined || tier === tiers[0]) continue;
      const builders = new Map<number, AggregateBuilder>();
      for (const id of JSON.parse(idsJson) as number[]) builders.set(id, new AggregateBuilder(id, startMs));
      for (const row of select.iterate(startMs, startMs + tier.stepMs, idsJson) as IterableIterator<FinestRow>) {
        const [id, count, sum, min, max, last, lastMs, hist] = row;
        builders.get(id)?.add({ count, sum, min, max, last, lastMs, hist });
      }
      const replace = db.prepare(`
        INSERT OR REPLACE INTO points_${tier.name} (series_id, start_ms, count, sum, min, max, last, last_ms, hist)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      const remove = db.prepare(`DELETE FROM points_${tier.name} WHERE series_id = ? AND start_ms = ?`);
      for (const [id, b] of builders) {
        if (b.count === 0 && b.last === null && b.histogram === null) {
          remove.run(id, startMs);
          continue;
        }
        const row = b.toRow();
        replace.run(
          id,
          startMs,
          row.count,
          row.sum,
          row.min,
          row.max,
          row.last,
          row.lastMs,
          row.hist && toBlob(row.hist),
        );
        rebuilt++;
      }
    }
    db.prepare('DELETE FROM rollup_pending').run();
  })();
  return rebuilt;
}
