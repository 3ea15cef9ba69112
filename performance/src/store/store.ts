import type { ExponentialHistogram } from '@stride/agent';
import type { MetricPoint, PointKind } from '../ingest/points.js';
import type { MarkerRepo, RecommendationRepo } from './recommendation-repos.js';

/** A rollup tier: points are bucketed to `stepMs` boundaries and kept for `retentionMs`. */
export interface Tier {
  name: '10s' | '1m' | '1h';
  stepMs: number;
  retentionMs: number;
}

export const DEFAULT_TIERS: readonly Tier[] = [
  { name: '10s', stepMs: 10_000, retentionMs: 48 * 3_600_000 },
  { name: '1m', stepMs: 60_000, retentionMs: 30 * 86_400_000 },
  { name: '1h', stepMs: 3_600_000, retentionMs: 400 * 86_400_000 },
];

export interface SeriesRef {
  id: number;
  service: string;
  metric: string;
  kind: PointKind;
  unit: string;
  attributes: Record<string, string>;
}

/**
 * Merged observations of one series over one time bucket (or a whole range).
 * For histograms `histogram` is set and count/sum/min/max mirror it. For sums, `sum` is the total increase and
 * `count` the number of delta points. For gauges, count/sum/min/max summarise the samples and `last` is the newest.
 */
export interface Aggregate {
  seriesId: number;
  /** Bucket start, unix ms (for a whole-range read: the range start). */
  startMs: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  last: number | null;
  histogram: ExponentialHistogram | null;
}

export interface SeriesQuery {
  metric: string;
  service?: string;
  /** Exact-match filters on data-point attributes. */
  attributes?: Record<string, string>;
}

export interface RangeQuery {
  seriesIds: readonly number[];
  fromMs: number;
  toMs: number;
}

export interface GroupStepsQuery {
  /** Series ids per group; a group's series are merged into one Aggregate per step. */
  groups: readonly (readonly number[])[];
  fromMs: number;
  toMs: number;
  stepMs: number;
}

export interface WriteResult {
  /** Points stored. */
  written: number;
  /** Points folded into a series' overflow series because the series cap was reached (included in `written`). */
  overflowed: number;
  /**
   * Points not stored: no finite timeMs, the value/histogram their kind needs is missing, or the series already
   * exists with another kind (e.g. a sum point for a metric stored as a histogram).
   */
  rejected: number;
}

export interface ApiTokenRecord {
  id: string;
  name: string;
  role: 'viewer' | 'editor' | 'admin';
  /** SHA-256 of the token, hex. The token itself is never stored. */
  hash: string;
  createdAt: number;
  revokedAt: number | null;
}

/**
 * Storage engine boundary. Everything above (ingest wiring, query, alerts, reports) talks only to this, so a
 * PostgreSQL backend can be added without touching them. Methods are async for that reason even where SQLite
 * is synchronous.
 */
export interface Store {
  readonly engine: string;
  readonly tiers: readonly Tier[];
  /**
   * Writes delta points into every tier, merging into existing buckets. Atomic per call; calls made concurrently may
   * share one transaction (group commit), in which case they succeed or fail together. The store reads `points`
   * (and their histograms) until the promise settles, so do not mutate them before that; it never mutates them.
   */
  write(points: readonly MetricPoint[]): Promise<WriteResult>;
  findSeries(query: SeriesQuery): Promise<SeriesRef[]>;
  listServices(): Promise<string[]>;
  /**
   * One merged Aggregate per distinct series id, in request order, over [fromMs, toMs), using the coarsest tiers that
   * tile the range exactly (see planMergedRead for the edge rule). A series without data gets count 0, min +Infinity,
   * max −Infinity, last null, histogram null.
   */
  readMerged(query: RangeQuery): Promise<Aggregate[]>;
  /**
   * Per-series Aggregates bucketed by `stepMs`, ordered by series id then time, only for buckets holding data.
   * stepMs is rounded up to a multiple of the finest tier step (and further, to a tier that still holds the range;
   * see planStepRead); bucket starts are epoch-aligned multiples of it; edge buckets are returned whole.
   */
  readSteps(query: RangeQuery & { stepMs: number }): Promise<Aggregate[]>;
  /**
   * readSteps with the series of each group merged together: per group, one Aggregate per step holding data, in time
   * order, its seriesId the group's first id. Same tier and step as readSteps. For a chart over many series (a
   * service's p95 over all routes) this merges each stored bucket once into its step, where readSteps would build
   * one histogram per series and step for the caller to merge again.
   */
  readGroupSteps(query: GroupStepsQuery): Promise<Aggregate[][]>;
  /** Deletes buckets that start before `nowMs − retentionMs` of their tier; returns how many rows went. */
  applyRetention(nowMs: number): Promise<{ deleted: number }>;
  tokens: {
    create(record: ApiTokenRecord): Promise<void>;
    list(): Promise<ApiTokenRecord[]>;
    findByHash(hash: string): Promise<ApiTokenRecord | null>;
    /** Marks a live token revoked; false when the id is unknown or already revoked. */
    revoke(id: string, nowMs: number): Promise<boolean>;
  };
  /** Recommendation records and their history (see recommendation-repos.ts). */
  recommendations: RecommendationRepo;
  /** Deploy/manual markers and the last seen service version per service. */
  markers: MarkerRepo;
  /** True while the store is open and answering; false after close(). Other methods throw StoreClosedError then. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
