import type { Database, Statement } from 'better-sqlite3';
import { AggregateBuilder } from '../aggregate-builder.js';
import type { Aggregate, RangeQuery, Tier } from '../store.js';
import { bucketStartMs } from '../tiers.js';
import { planMergedRead, planStepRead } from '../tiling.js';

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

/** Above this many expected rows a span is streamed (iterate) instead of fetched at once (all), bounding memory. */
const FETCH_ALL_MAX_ROWS = 50_000;

/**
 * Range reads over the tier tables. Series ids are passed as one JSON array (json_each) so a single prepared
 * statement serves any number of series; rows come back as arrays (`raw`) to skip per-row object creation.
 * Histograms are merged in JS (decode + merge): measured faster than a SQL aggregate (db.aggregate) over the same
 * rows — 24,000 hour rows: ~0.7 s vs ~0.95 s — and `all()` beats `iterate()` (~0.7 s vs ~1.0 s) for bounded spans.
 */
export class PointReader {
  private readonly statements: Statement[];

  constructor(
    db: Database,
    private readonly tiers: readonly Tier[],
    private readonly nowMs: () => number,
    /** End of the newest finest bucket stored (see planMergedRead). */
    private readonly dataEndMs: () => number = () => Number.POSITIVE_INFINITY,
  ) {
    this.statements = tiers.map((tier) =>
      db
        .prepare(`
          SELECT series_id, start_ms, count, sum, min, max, last, last_ms, hist FROM points_${tier.name}
          WHERE series_id IN (SELECT value FROM json_each(?)) AND start_ms >= ? AND start_ms < ?
          ORDER BY series_id, start_ms`)
        .raw(true),
    );
  }

  readMerged({ seriesIds, fromMs, toMs }: RangeQuery): Aggregate[] {
    const builders = new Map<number, AggregateBuilder>();
    for (const id of seriesIds) if (!builders.has(id)) builders.set(id, new AggregateBuilder(id, fromMs));
    if (builders.size === 0) return [];
    const ids = JSON.stringify([...builders.keys()]);
    for (const span of planMergedRead(this.tiers, fromMs, toMs, this.nowMs(), this.dataEndMs())) {
      for (const row of this.rows(span.tierIndex, builders.size, ids, span.fromStartMs, span.toStartMs)) {
        builders.get(row[0])?.add(toBucketRow(row));
      }
    }
    return [...builders.values()].map((b) => b.toAggregate());
  }

  readSteps({ seriesIds, fromMs, toMs, stepMs }: RangeQuery & { stepMs: number }): Aggregate[] {
    const plan = planStepRead(this.tiers, fromMs, toMs, stepMs, this.nowMs());
    if (plan === null || seriesIds.length === 0) return [];
    const unique = [...new Set(seriesIds)];
    const ids = JSON.stringify(unique);
    const out: Aggregate[] = [];
    let current: AggregateBuilder | null = null;
    for (const row of this.rows(plan.tierIndex, unique.length, ids, plan.fromStartMs, plan.toStartMs)) {
      const startMs = bucketStartMs(row[1], plan.stepMs);
      if (current === null || current.seriesId !== row[0] || current.startMs !== startMs) {
        if (current !== null) out.push(current.toAggregate());
        current = new AggregateBuilder(row[0], startMs);
      }
      current.add(toBucketRow(row));
    }
    if (current !== null) out.push(current.toAggregate());
    return out;
  }

  private rows(tierIndex: number, seriesCount: number, ids: string, fromStartMs: number, toStartMs: number) {
    const statement = this.statements[tierIndex] as Statement;
    const expectedRows = (seriesCount * (toStartMs - fromStartMs)) / (this.tiers[tierIndex] as Tier).stepMs;
    if (expectedRows <= FETCH_ALL_MAX_ROWS) return statement.all(ids, fromStartMs, toStartMs) as Row[];
    return statement.iterate(ids, fromStartMs, toStartMs) as IterableIterator<Row>;
  }
}

function toBucketRow(row: Row) {
  return { count: row[2], sum: row[3], min: row[4], max: row[5], last: row[6], lastMs: row[7], hist: row[8] };
}
