import type { RecommendationKind, RecommendationStatus } from '../recommend/recommendation.js';
import type { HistoryEntry, Marker, MarkerKind, RecommendationRecord } from '../recommend/records.js';

/** Filters of the recommendation list; each is exact-match and optional. */
export interface RecommendationFilter {
  service?: string;
  status?: RecommendationStatus;
  kind?: RecommendationKind;
}

/**
 * Recommendation records and their history. Writes are compare-and-set on `revision` so concurrent writers (the
 * scheduled analysis, API calls, other replicas sharing a database) never overwrite each other's change silently:
 * a writer that loses reads again and retries.
 */
export interface RecommendationRepo {
  /** Stores a new record (revision 1) and its first history entries; false when (kind, service, key) exists. */
  insert(record: RecommendationRecord, history: readonly HistoryEntry[]): Promise<boolean>;
  /**
   * Replaces the record whose stored revision is `record.revision − 1` and appends `history`, in one transaction;
   * false (nothing written) when the stored revision differs or the record is gone.
   */
  update(record: RecommendationRecord, history: readonly HistoryEntry[]): Promise<boolean>;
  get(id: string): Promise<RecommendationRecord | null>;
  findByKey(kind: RecommendationKind, service: string, key: string): Promise<RecommendationRecord | null>;
  /** Highest msSavedPerMinute first, then newest lastSeen, then id. */
  list(filter: RecommendationFilter): Promise<RecommendationRecord[]>;
  /** Oldest first. */
  history(id: string): Promise<HistoryEntry[]>;
}

export interface MarkerQuery {
  service?: string;
  kind?: MarkerKind;
  /** t in [fromMs, toMs). */
  fromMs: number;
  toMs: number;
  limit: number;
}

/** Deploy and manual markers, plus the last `service.version` seen per service (so a restart adds no marker). */
export interface MarkerRepo {
  create(marker: Marker): Promise<void>;
  get(id: string): Promise<Marker | null>;
  /** Oldest first (by t, then id). */
  list(query: MarkerQuery): Promise<Marker[]>;
  /** Every service's last seen version. */
  lastVersions(): Promise<Map<string, string>>;
  setLastVersion(service: string, version: string, nowMs: number): Promise<void>;
}
