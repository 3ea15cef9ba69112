import { ExponentialHistogram } from '@stride/agent';
import type { Database } from 'better-sqlite3';
import { RollupBuffer } from '../rollup-buffer.js';
import type { Tier } from '../store.js';
import type { PointWriter } from './point-writer.js';

type PartRow = [
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
 * Merges into the coarse rows the 10 s parts that `rollup_pending` lists, left by an owner that stopped with deltas
 * in its RollupBuffer (a crash; close() flushes). Sound because every point is in the 10 s tier before write()
 * resolves, each write's parts are numbered with its sequence, and a flush clears the list in the transaction that
 * merges the deltas: the listed parts are exactly the observations the coarse rows lack. Returns the parts merged.
 */
export function recoverRollups(db: Database, tiers: readonly Tier[], writer: PointWriter): number {
  const finest = (tiers[0] as Tier).name;
  const groups = db
    .prepare('SELECT start_ms, json_group_array(seq) FROM rollup_pending GROUP BY start_ms ORDER BY start_ms')
    .raw(true)
    .all() as [number, string][];
  if (groups.length === 0) return 0;
  const parts = db
    .prepare(`
      SELECT series_id, count, sum, min, max, last, last_ms, hist FROM points_${finest}
      WHERE start_ms = ? AND part IN (SELECT value FROM json_each(?))`)
    .raw(true);
  let merged = 0;
  db.transaction(() => {
    const buffer = new RollupBuffer(tiers);
    for (const [startMs, seqs] of groups) {
      for (const [seriesId, count, sum, min, max, last, lastMs, hist] of parts.all(startMs, seqs) as PartRow[]) {
        const histogram = hist === null ? null : ExponentialHistogram.decode(hist);
        buffer.addPart(seriesId, startMs, { count, sum, min, max, last, lastMs, histogram });
        merged++;
      }
    }
    for (const delta of buffer.flushDeltas()) writer.upsertDelta(delta);
    writer.clearRollupPending();
  })();
  return merged;
}
