// The query benchmark's data set: 1,000 series × 7 days seeded through OTLP into a real service, once. Seeding takes
// minutes on a loaded 2-core machine, so the service's data dir is kept under bench/.cache (gitignored) keyed by
// SEED_VERSION and the shape, and each run starts a fresh service on a copy of it.
//
// The data is written relative to the time it was seeded; a later run moves every bucket forward by whole hours
// (all tier steps divide an hour, so every 10 s, 1 min and 1 h bucket stays a bucket) until the newest point is less
// than an hour old. The data then has the shape a fresh seed would give, at most an hour short of `now` — about what
// a fresh OTLP seed is anyway after the minutes it takes.
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { buildBody, postAll, type SeriesShape, seriesCount } from './otlp-load.js';
import { startService } from './service-process.js';

/** Bump when what is seeded changes (times, histograms, metric): a cache made by another version is ignored. */
const SEED_VERSION = 1;
const HOUR_MS = 3_600_000;

export interface SeedInfo {
  points: number;
  series: number;
  /** Seeding time through OTLP, s (when the cache was made). */
  seedS: number;
  /** When the cache was made (ISO), and how far its data was moved forward for this run, h. */
  seededAt: string;
  shiftedHours: number;
  fromCache: boolean;
  /** Time spent building rollup blocks the copy lacked, s (0 when the cache already had them all). */
  blocksS: number;
}

interface CacheMeta {
  version: number;
  points: number;
  series: number;
  seedS: number;
  seededAt: string;
  /** The `now` the newest data currently stands relative to, unix ms (moves forward with each shift). */
  anchorMs: number;
}

/**
 * Fills `dataDir` (which must not exist) with the seeded store, from bench/.cache when present.
 * `port` is used only when seeding.
 */
export async function prepareQueryData({
  shape,
  dataDir,
  cacheRoot,
  port,
  adminToken,
}: {
  shape: SeriesShape;
  dataDir: string;
  cacheRoot: string;
  port: number;
  adminToken: string;
}): Promise<SeedInfo> {
  const cacheDir = path.join(cacheRoot, `query-v${SEED_VERSION}-${shape.service}-${shape.routes}`);
  const metaPath = path.join(cacheDir, 'seed.json');
  let fromCache = true;
  if (!existsSync(metaPath)) {
    fromCache = false;
    await seed(shape, cacheDir, port, adminToken);
  }
  const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as CacheMeta;
  const shiftMs = Math.floor((Date.now() - meta.anchorMs) / HOUR_MS) * HOUR_MS;
  const dbPath = path.join(cacheDir, 'data', 'stride.db');
  if (shiftMs > 0) {
    shiftStore(dbPath, shiftMs);
    writeFileSync(metaPath, JSON.stringify({ ...meta, anchorMs: meta.anchorMs + shiftMs }));
  }
  const blocksS = await buildRollupBlocks(dbPath);
  cpSync(path.join(cacheDir, 'data'), dataDir, { recursive: true });
  return {
    points: meta.points,
    series: meta.series,
    seedS: meta.seedS,
    seededAt: meta.seededAt,
    shiftedHours: shiftMs / HOUR_MS,
    fromCache,
    blocksS,
  };
}

/** Seeds through OTLP as live traffic arrives: 7 days at one point per series per 10 min, the last hour at 10 s. */
async function seed(shape: SeriesShape, cacheDir: string, port: number, adminToken: string): Promise<void> {
  const building = `${cacheDir}.building`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const service = await startService({ dataDir: path.join(building, 'data'), port, adminToken });
  const now = Date.now();
  const times: number[] = [];
  for (let t = now - 7 * 86_400_000; t < now - HOUR_MS; t += 600_000) times.push(t);
  for (let t = now - HOUR_MS; t < now; t += 10_000) times.push(t);
  const started = performance.now();
  try {
    const batch = 50;
    for (let i = 0; i < times.length; i += batch) {
      const bodies = times.slice(i, i + batch).map((t) => buildBody(shape, t, 'protobuf', false));
      await postAll(service.url, bodies, { encoding: 'protobuf', gzip: false });
    }
  } finally {
    await service.stop(); // a clean stop flushes buffered rollups and releases the file
  }
  const meta: CacheMeta = {
    version: SEED_VERSION,
    points: times.length * seriesCount(shape),
    series: seriesCount(shape),
    seedS: (performance.now() - started) / 1000,
    seededAt: new Date(now).toISOString(),
    anchorMs: now,
  };
  writeFileSync(path.join(building, 'seed.json'), JSON.stringify(meta));
  rmSync(cacheDir, { recursive: true, force: true });
  renameSync(building, cacheDir);
}

/**
 * Moves every stored time forward by `shiftMs` (a whole number of hours). Primary keys hold start_ms, so each table
 * is moved through negative times first: a direct `start_ms + shift` would collide with rows not moved yet.
 */
function shiftStore(dbPath: string, shiftMs: number): void {
  const db = new Database(dbPath);
  try {
    const tables = (
      db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'points\\_%' ESCAPE '\\'")
        .pluck()
        .all() as string[]
    ).filter((name) => /^points_\w+$/.test(name));
    const exists = (name: string) =>
      db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(name) === 1;
    db.transaction(() => {
      // Rollup blocks are aligned to their size: moved by whole hours they would no longer be. Dropping the built
      // range first also keeps the blocks' triggers out of the move; the store rebuilds them (buildRollupBlocks).
      for (const table of ['rollup_block_state', 'rollup_blocks', 'rollup_blocks_dirty']) {
        if (exists(table)) db.prepare(`DELETE FROM ${table}`).run();
      }
      for (const table of tables) {
        db.prepare(`UPDATE ${table} SET start_ms = -(start_ms + ?), last_ms = last_ms + ?`).run(shiftMs, shiftMs);
        db.prepare(`UPDATE ${table} SET start_ms = -start_ms`).run();
      }
      db.prepare('UPDATE rollup_pending SET start_ms = start_ms + ?').run(shiftMs);
      db.prepare("UPDATE meta SET value = CAST(CAST(value AS INTEGER) + ? AS TEXT) WHERE key = 'latest_point_ms'").run(
        shiftMs,
      );
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/**
 * Builds the rollup blocks a running service keeps for closed hours (it does so in the background as hours close),
 * so the service starts in that steady state rather than backfilling during the measurements. Returns seconds.
 */
async function buildRollupBlocks(dbPath: string): Promise<number> {
  const { openSqliteStore } = await import('../performance/src/store/sqlite/sqlite-store.js');
  const started = performance.now();
  const store = openSqliteStore({ path: dbPath, rollupFlushIntervalMillis: 0, rollupBlockIntervalMillis: 0 });
  try {
    while (store.buildRollupBlocks(1_000));
  } finally {
    await store.close();
  }
  return (performance.now() - started) / 1000;
}
