import type { Database, Statement } from 'better-sqlite3';
import type { BucketRow } from '../aggregate-builder.js';
import type { Tier } from '../store.js';

type Row = [
  seriesId: number,
  startMs: number,
  count: number,
  sum: number,
  min: number,
  max: number,
  last: number | null,
  lastMs: number | null,
  hist: Buffer | null,
];

/** Above this many expected rows a read is streamed (iterate) instead of fetched at once (all), bounding memory. */
const FETCH_ALL_MAX_ROWS = 50_000;
const COLUMNS = 'series_id, start_ms, count, sum, min, max, last, last_ms, hist';

/**
 * One statement per (tier, range) for any number of series: ids go in as one JSON array (json_each), rows come back
 * as arrays (`raw`). Coarse tiers are clustered by series, so each series is one contiguous range scan. The finest
 * tier is clustered by time (see migrations): for a few series of many it seeks each (bucket, series) pair, for most
 * series it scans the time range and filters.
 */
export class TierRows {
  private readonly bySeries: Statement[];
  private readonly finestSeek: Statement;
  private readonly finestScan: Statement;
  private readonly scratch: BucketRow = { count: 0, sum: 0, min: 0, max: 0, last: null, lastMs: null, hist: null };

  constructor(
    db: Database,
    private readonly tiers: readonly Tier[],
    private readonly seriesCount: () => number,
  ) {
    this.bySeries = tiers.map((tier) =>
      db
        .prepare(`
          SELECT ${COLUMNS} FROM points_${tier.name}
          WHERE series_id IN (SELECT value FROM json_each(?)) AND start_ms >= ? AND start_ms < ?
          ORDER BY series_id, start_ms`)
        .raw(true),
    );
    const finest = (tiers[0] as Tier).name;
    this.finestSeek = db
      .prepare(`
        SELECT ${COLUMNS} FROM points_${finest}
        WHERE start_ms IN (SELECT value FROM json_each(?)) AND series_id IN (SELECT value FROM json_each(?))
        ORDER BY start_ms, series_id, part`)
      .raw(true);
    this.finestScan = db
      .prepare(`
        SELECT ${COLUMNS} FROM points_${finest}
        WHERE start_ms >= ? AND start_ms < ? AND series_id IN (SELECT value FROM json_each(?))
        ORDER BY start_ms, series_id, part`)
      .raw(true);
  }

  /** Calls `visit` for every stored row of `ids` in tier `tierIndex` with a bucket start in [from, to). */
  fold(
    tierIndex: number,
    ids: readonly number[],
    fromStartMs: number,
    toStartMs: number,
    visit: (seriesId: number, startMs: number, row: BucketRow) => void,
  ): void {
    if (ids.length === 0 || !(toStartMs > fromStartMs)) return;
    const stepMs = (this.tiers[tierIndex] as Tier).stepMs;
    const buckets = (toStartMs - fromStartMs) / stepMs;
    const idsJson = JSON.stringify(ids);
    let statement: Statement;
    let args: unknown[];
    if (tierIndex > 0) {
      statement = this.bySeries[tierIndex] as Statement;
      args = [idsJson, fromStartMs, toStartMs];
    } else if (ids.length * 4 <= this.seriesCount() && buckets * ids.length <= FETCH_ALL_MAX_ROWS) {
      const starts = Array.from({ length: buckets }, (_, k) => fromStartMs + k * stepMs);
      statement = this.finestSeek;
      args = [JSON.stringify(starts), idsJson];
    } else {
      statement = this.finestScan;
      args = [fromStartMs, toStartMs, idsJson];
    }
    const rows =
      buckets * ids.length <= FETCH_ALL_MAX_ROWS
        ? (statement.all(...args) as Row[])
        : (statement.iterate(...args) as IterableIterator<Row>);
    const row = this.scratch;
    for (const r of rows) {
      row.count = r[2];
      row.sum = r[3];
      row.min = r[4];
      row.max = r[5];
      row.last = r[6];
      row.lastMs = r[7];
      row.hist = r[8];
      visit(r[0], r[1], row);
    }
  }
}
