import { ExponentialHistogram } from '@stride/agent';
import type { Database, Statement } from 'better-sqlite3';
import type { AggregateBuilder, BucketRow } from '../aggregate-builder.js';
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

type MergedRow = [
  /** series_id, or the step start for a step read. */
  key: number,
  count: number,
  sum: number,
  min: number,
  max: number,
  /** Rows holding a gauge sample: those are read row by row (see foldMerged). */
  lastCount: number,
  /** Every blob of the group, each behind its length as 8 hex digits (see MERGED_AGGREGATES). */
  hists: Buffer | null,
];

/** Above this many expected rows a read is streamed (iterate) instead of fetched at once (all), bounding memory. */
const FETCH_ALL_MAX_ROWS = 50_000;
const COLUMNS = 'series_id, start_ms, count, sum, min, max, last, last_ms, hist';
/**
 * One row per series: scalars aggregated by SQLite, histogram blobs concatenated, each prefixed with its length as
 * 8 hex digits ('0000006e' + 110 bytes + …). Handing SQLite's rows to JS costs far more than SQLite's own work
 * (measured over 24,000 one-hour rows: ~80 ms as rows, each blob its own Buffer, against ~22 ms as 1,000
 * concatenations, and 5 ms for SQLite alone), so a merged read returns one row and one Buffer per series.
 * `||` and group_concat treat the blobs as text but copy them byte for byte (lengths, not NUL terminators), and
 * the CAST back to BLOB keeps the bytes; that holds in a UTF-8 database (checked at open, else rows are read).
 */
export const MERGED_AGGREGATES =
  "sum(count), sum(sum), min(min), max(max), count(last), CAST(group_concat(CAST(printf('%08x', length(hist)) AS BLOB) || hist, '') AS BLOB)";
const LENGTH_DIGITS = 8;
/** Hex digits of the step number before each blob in a foldSteps concatenation. */
const STEP_DIGITS = 8;

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
  /** Merged twins of the statements above (see MERGED_AGGREGATES); null when the database is not UTF-8. */
  private readonly mergedBySeries: (Statement | null)[];
  private readonly mergedFinestSeek: Statement | null;
  private readonly mergedBySteps: (Statement | null)[];
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
    const utf8 = String(db.pragma('encoding', { simple: true })).toUpperCase() === 'UTF-8';
    const merged = (sql: string) => (utf8 ? db.prepare(sql).raw(true) : null);
    const inRange = 'series_id IN (SELECT value FROM json_each(?)) AND start_ms >= ? AND start_ms < ?';
    this.mergedBySeries = tiers.map((tier) =>
      merged(`SELECT series_id, ${MERGED_AGGREGATES} FROM points_${tier.name} WHERE ${inRange} GROUP BY series_id`),
    );
    this.mergedFinestSeek = merged(`
      SELECT series_id, ${MERGED_AGGREGATES} FROM points_${finest}
      WHERE start_ms IN (SELECT value FROM json_each(?)) AND series_id IN (SELECT value FROM json_each(?))
      GROUP BY series_id`);
    // Grouped by series (the table's order) rather than by step, which made SQLite sort every row with its blob
    // (measured ~4× slower); each blob carries its step number, and JS merges it into its step.
    this.mergedBySteps = tiers.map((tier) =>
      merged(`
        SELECT series_id, count(*) - count(hist), count(last),
          CAST(group_concat(CAST(printf('%08x%08x', (start_ms - ?) / ?, length(hist)) AS BLOB) || hist, '') AS BLOB)
        FROM points_${tier.name} WHERE ${inRange} GROUP BY series_id`),
    );
  }

  /**
   * Adds every stored row of `ids` in tier `tierIndex` with a bucket start in [from, to) to `target(id)`: the same
   * as fold() into one builder per series, but merged in SQLite and handed over one row per series. A series whose
   * rows hold gauge samples is re-read row by row, since which sample is newest needs each row's last_ms.
   */
  foldMerged(
    tierIndex: number,
    ids: readonly number[],
    fromStartMs: number,
    toStartMs: number,
    target: (seriesId: number) => AggregateBuilder,
  ): void {
    if (ids.length === 0 || !(toStartMs > fromStartMs)) return;
    const stepMs = (this.tiers[tierIndex] as Tier).stepMs;
    const buckets = (toStartMs - fromStartMs) / stepMs;
    const bySeries = this.mergedBySeries[tierIndex] ?? null;
    const rowByRow = (some: readonly number[]) =>
      this.fold(tierIndex, some, fromStartMs, toStartMs, (id, _startMs, row) => target(id).add(row));
    if (bySeries === null || this.mergedFinestSeek === null) {
      rowByRow(ids);
      return;
    }
    const idsJson = JSON.stringify(ids);
    const rows =
      tierIndex === 0 && ids.length * 4 <= this.seriesCount() && buckets * ids.length <= FETCH_ALL_MAX_ROWS
        ? this.mergedFinestSeek.all(
            JSON.stringify(Array.from({ length: buckets }, (_, k) => fromStartMs + k * stepMs)),
            idsJson,
          )
        : bySeries.all(idsJson, fromStartMs, toStartMs);
    const gauges = this.addMergedRows(rows as MergedRow[], target);
    if (gauges.length > 0) rowByRow(gauges);
  }

  /**
   * Adds the rows of `ids` in tier `tierIndex` with a bucket start in [from, to) to `target(stepStartMs)`, all series
   * merged per epoch-aligned step of `stepMs` (a multiple of the tier's step; `fromStartMs` a multiple of it).
   * Histogram rows cross into JS as one concatenation per series and merge into one histogram per step, their
   * count/sum/min/max taken from it (a histogram row's scalars mirror its histogram); series holding rows without
   * a histogram (sums, gauges) are read row by row.
   */
  foldSteps(
    tierIndex: number,
    ids: readonly number[],
    fromStartMs: number,
    toStartMs: number,
    stepMs: number,
    target: (stepStartMs: number) => AggregateBuilder,
  ): void {
    if (ids.length === 0 || !(toStartMs > fromStartMs)) return;
    const rowByRow = (some: readonly number[]) =>
      this.fold(tierIndex, some, fromStartMs, toStartMs, (_id, startMs, row) =>
        target(startMs - ((startMs - fromStartMs) % stepMs)).add(row),
      );
    const bySteps = this.mergedBySteps[tierIndex] ?? null;
    if (bySteps === null) {
      rowByRow(ids);
      return;
    }
    const rows = bySteps.all(fromStartMs, stepMs, JSON.stringify(ids), fromStartMs, toStartMs) as [
      seriesId: number,
      withoutHist: number,
      withLast: number,
      hists: Buffer | null,
    ][];
    const steps = new Map<number, ExponentialHistogram>();
    const scalarRows: number[] = [];
    for (const [seriesId, withoutHist, withLast, hists] of rows) {
      if (withoutHist > 0 || withLast > 0) scalarRows.push(seriesId);
      else if (hists !== null) {
        forEachBlob(
          hists,
          (blob, step) => {
            let h = steps.get(step);
            if (h === undefined) {
              h = new ExponentialHistogram();
              steps.set(step, h);
            }
            h.mergeEncoded(blob);
          },
          STEP_DIGITS,
        );
      }
    }
    for (const [step, h] of steps) target(fromStartMs + step * stepMs).addHistogram(h);
    if (scalarRows.length > 0) rowByRow(scalarRows);
  }

  /** Adds merged rows to `target(key)`; returns the keys of rows holding gauge samples, which are skipped. */
  private addMergedRows(rows: readonly MergedRow[], target: (key: number) => AggregateBuilder): number[] {
    const row = this.scratch;
    const skipped: number[] = [];
    for (const r of rows) {
      if (r[5] > 0) {
        skipped.push(r[0]);
        continue;
      }
      row.count = r[1];
      row.sum = r[2];
      row.min = r[3];
      row.max = r[4];
      row.last = null;
      row.lastMs = null;
      row.hist = null;
      const builder = target(r[0]).add(row);
      const hists = r[6];
      if (hists !== null) forEachBlob(hists, (blob) => builder.addHistogramBytes(blob));
    }
    return skipped;
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

/**
 * Calls `visit` with each blob of a concatenation made by MERGED_AGGREGATES (views into `hists`, not copies). With
 * `tagDigits`, each length is preceded by a tag of that many hex digits (the step number of foldSteps), passed on.
 */
export function forEachBlob(hists: Uint8Array, visit: (blob: Uint8Array, tag: number) => void, tagDigits = 0): void {
  // A plain Uint8Array view: Buffer#subarray builds a Buffer per blob, measurably slower over 200,000 blobs.
  const bytes = new Uint8Array(hists.buffer, hists.byteOffset, hists.byteLength);
  for (let at = 0; at < bytes.length; ) {
    const tag = readHex(bytes, at, tagDigits);
    const length = readHex(bytes, at + tagDigits, LENGTH_DIGITS);
    const start = at + tagDigits + LENGTH_DIGITS;
    at = start + length;
    if (at > bytes.length) throw new RangeError('truncated histogram concatenation');
    visit(bytes.subarray(start, at), tag);
  }
}

function readHex(bytes: Uint8Array, at: number, digits: number): number {
  let value = 0;
  for (let k = 0; k < digits; k++) {
    const code = at + k < bytes.length ? (bytes[at + k] as number) : -1;
    value = value * 16 + hexDigit(code);
  }
  return value;
}

function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  throw new RangeError(`not a hex digit: ${code}`);
}
