import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { MetricPoint } from '../../ingest/points.js';
import { StoreClosedError, StoreConfigError } from '../errors.js';
import { invalidPointReason, PendingBuckets } from '../pending-buckets.js';
import { SeriesRegistry } from '../series-registry.js';
import { DEFAULT_TIERS, type Store, type Tier, type WriteResult } from '../store.js';
import { bucketStartMs, validateTiers } from '../tiers.js';
import { WriteCoalescer } from '../write-coalescer.js';
import { migrate } from './migrate.js';
import { PointReader } from './point-reader.js';
import { PointWriter } from './point-writer.js';
import { createSeriesRepo } from './series-repo.js';
import { createTokenRepo } from './token-repo.js';

export interface SqliteStoreOptions {
  /** Database file, or ':memory:' (tests). Parent directories are created. */
  path: string;
  tiers?: readonly Tier[];
  /** Distinct attribute sets per (service, metric) before new ones fold into the overflow series. */
  maxSeriesPerMetric?: number;
  /** Clock for deciding which tiers still hold a range (retention); unix ms. */
  nowMs?: () => number;
  /** Newest bucket per (tier, series) kept decoded in memory to make coarse-tier merges cheap. */
  hotBucketLimit?: number;
}

/** Tier names with a points_<name> table in the schema. */
const TIER_TABLES: ReadonlySet<string> = new Set(['10s', '1m', '1h']);

/** `<dataDir>/stride.db`, the embedded store's file. */
export function sqliteStorePath(dataDir: string): string {
  return join(dataDir, 'stride.db');
}

/**
 * Embedded store: one SQLite file in WAL mode (readers never block the writer).
 *
 * Rollups are write-through: every point is merged into its 10 s, 1 m and 1 h bucket in the same transaction,
 * rather than a background job rolling closed 10 s buckets up. Late or re-sent data lands in every tier by the same
 * path with nothing to re-roll, every tier is always complete up to the last write (so reads never stitch a
 * half-built hour), and there is no job state to recover after a crash. The cost, a few more upserts per point, is
 * bounded by pre-aggregating each write batch.
 */
export function openSqliteStore({
  path,
  tiers = DEFAULT_TIERS,
  maxSeriesPerMetric = 2000,
  nowMs = Date.now,
  hotBucketLimit = 4096,
}: SqliteStoreOptions): Store {
  validateTiers(tiers);
  const unknown = tiers.find((t) => !TIER_TABLES.has(t.name));
  if (unknown !== undefined) throw new StoreConfigError(`tier ${unknown.name} has no table (known: 10s, 1m, 1h)`);
  if (!Number.isSafeInteger(maxSeriesPerMetric) || maxSeriesPerMetric < 1) {
    throw new StoreConfigError(`maxSeriesPerMetric must be a positive integer, got ${maxSeriesPerMetric}`);
  }
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    // 16 KiB pages (default 4 KiB): a WITHOUT ROWID row keeps at most ~1/4 page inline, so 1–3 KiB hour-bucket
    // histograms would spill into overflow pages; measured 1.6–2.7× faster range reads and no slower upserts.
    // Only takes effect when the file is created.
    db.pragma('page_size = 16384');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    // Every flush rewrites each series' current 1 m and 1 h rows: keep those pages cached (64 MiB, default 2 MiB).
    db.pragma('cache_size = -65536');
    migrate(db);
    checkTierSteps(db, tiers);
  } catch (err) {
    db.close();
    throw err;
  }

  let open = true;
  const guard = () => {
    if (!open) throw new StoreClosedError();
  };
  const seriesRepo = createSeriesRepo(db);
  const registry = new SeriesRegistry({ maxSeriesPerMetric, insert: seriesRepo.insert });
  registry.load(seriesRepo.loadAll());
  const writer = new PointWriter(db, tiers, { hotBucketLimit });

  const latest = createLatestPointTracker(db);
  const finestStepMs = (tiers[0] as Tier).stepMs;
  const reader = new PointReader(db, tiers, nowMs, () => bucketStartMs(latest.get(), finestStepMs) + finestStepMs);

  const writeTx = db.transaction((calls: readonly (readonly MetricPoint[])[]): WriteResult[] => {
    const pending = new PendingBuckets(tiers);
    let newestMs = Number.NEGATIVE_INFINITY;
    const results = calls.map((points) => {
      const result = { written: 0, overflowed: 0, rejected: 0 };
      for (const point of points) {
        const resolved = registry.resolve(point.series);
        if ('rejected' in resolved || invalidPointReason(point, resolved.ref.kind) !== null) {
          result.rejected++;
          continue;
        }
        pending.add(resolved.ref.id, point);
        if (point.timeMs > newestMs) newestMs = point.timeMs;
        result.written++;
        if (resolved.overflowed) result.overflowed++;
      }
      return result;
    });
    writer.write(pending.values());
    latest.advance(newestMs);
    return results;
  });
  const coalescer = new WriteCoalescer((calls: (readonly MetricPoint[])[]) => {
    try {
      return writeTx(calls);
    } catch (err) {
      // The rollback removed series rows and bucket updates this batch made; resync memory with the database.
      registry.load(seriesRepo.loadAll());
      writer.invalidate();
      latest.reload();
      throw err;
    }
  });

  return {
    engine: 'sqlite',
    tiers,
    async write(points) {
      guard();
      return coalescer.submit(points);
    },
    async findSeries(query) {
      guard();
      return registry.find(query);
    },
    async listServices() {
      guard();
      return registry.services();
    },
    async readMerged(query) {
      guard();
      return reader.readMerged(query);
    },
    async readSteps(query) {
      guard();
      return reader.readSteps(query);
    },
    async applyRetention(now) {
      guard();
      const deleted = db.transaction(() =>
        tiers.reduce(
          (sum, tier) =>
            sum + db.prepare(`DELETE FROM points_${tier.name} WHERE start_ms < ?`).run(now - tier.retentionMs).changes,
          0,
        ),
      )();
      return { deleted };
    },
    tokens: createTokenRepo(db, guard),
    async ping() {
      return open && db.prepare('SELECT 1').pluck().get() === 1;
    },
    async close() {
      if (!open) return;
      coalescer.flush();
      open = false;
      db.close();
    },
  };
}

/**
 * Newest point time ever written (meta 'latest_point_ms'), so reads know nothing lies beyond it. Persisted in the
 * write transaction; reloaded if that transaction rolls back.
 */
function createLatestPointTracker(db: Database.Database) {
  const select = db.prepare("SELECT value FROM meta WHERE key = 'latest_point_ms'").pluck();
  const upsert = db.prepare(
    "INSERT INTO meta (key, value) VALUES ('latest_point_ms', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  );
  const load = () => {
    const value = select.get() as string | undefined;
    return value === undefined ? Number.NEGATIVE_INFINITY : Number(value);
  };
  let latestMs = load();
  return {
    get: () => latestMs,
    advance(timeMs: number): void {
      if (!(timeMs > latestMs)) return;
      upsert.run(String(timeMs));
      latestMs = timeMs;
    },
    reload(): void {
      latestMs = load();
    },
  };
}

/** Buckets written with one step layout cannot be read with another; retention may change freely. */
function checkTierSteps(db: Database.Database, tiers: readonly Tier[]): void {
  const layout = JSON.stringify(tiers.map((t) => [t.name, t.stepMs]));
  const stored = db.prepare("SELECT value FROM meta WHERE key = 'tier_steps'").pluck().get() as string | undefined;
  if (stored === undefined) db.prepare("INSERT INTO meta (key, value) VALUES ('tier_steps', ?)").run(layout);
  else if (stored !== layout) {
    throw new StoreConfigError(`database was created with tiers ${stored}; refusing to open it with ${layout}`);
  }
}
