import type { SpanRecord } from '../ingest/spans.js';
import type { CacheSummary } from '../query/cache-ratio.js';
import type { DbStatement } from '../query/db-statements.js';
import type { Dependency } from '../query/dependencies.js';
import type { PoolSaturation } from '../query/pool-saturation.js';
import type { RouteSummary } from '../query/query-service.js';
import type { RuntimeSeriesName } from '../query/runtime-series.js';
import type { TimeseriesPoint } from '../query/timeseries.js';
import type { IndexAdvice } from './index-advisor/index-advice.js';
import type { IntervalValue, Marker } from './records.js';

/**
 * The contract between detectors (pure functions of one service's traces and aggregates) and the recommendation
 * records built from their findings. Detectors never do I/O; the analysis runner gathers an AnalysisInput, runs
 * every detector in the registry and upserts one record per finding key.
 */

export const RECOMMENDATION_KINDS = [
  'n-plus-one-db',
  'n-plus-one-http',
  'sequential-calls',
  'slow-query',
  'missing-index',
  'cacheable-read',
  'unbounded-result',
  'uncompressed-response',
  'no-keep-alive',
  'pool-saturation',
  'low-cache-hit-ratio',
  'event-loop-blocking',
  'duplicate-concurrent-requests',
  'regression',
] as const;
export type RecommendationKind = (typeof RECOMMENDATION_KINDS)[number];

/** One service's data over the analysis window [fromMs, toMs). */
export interface AnalysisInput {
  service: string;
  fromMs: number;
  toMs: number;
  /** Sampled traces that involve the service, each as its spans ordered by start (all services of the trace). */
  traces: SpanRecord[][];
  routes: RouteSummary[];
  statements: DbStatement[];
  cache: CacheSummary | null;
  dependencies: Dependency[];
  pools: PoolSaturation[];
  runtime: Partial<Record<RuntimeSeriesName, TimeseriesPoint[]>>;
  /**
   * Per (method, route): p50/p95 and request count per 1-minute interval holding data (the regression detector's
   * input). Optional so inputs built before it existed stay valid; the analysis runner always fills it.
   */
  routeLatency?: RouteLatencySeries[];
  /** The service's deploy and manual markers from a while before `fromMs` up to `toMs`, oldest first. */
  markers?: Marker[];
  /** EXPLAIN-based index candidates for the service's slow statements (index-advisor/); absent when none ran. */
  indexAdvice?: IndexAdvice[];
}

export interface RouteLatencySeries {
  method: string | null;
  route: string | null;
  stepMs: number;
  intervals: IntervalValue[];
}

/** What a detector reports; the runner turns it into (or merges it with) a Recommendation. */
export interface Finding {
  kind: RecommendationKind;
  service: string;
  /** `GET /products/:id`-style `METHOD route`, or null for service-wide findings (pool, event loop, cache). */
  route: string | null;
  /**
   * Deduplication key within (kind, service): the same problem found again updates the same record.
   * e.g. the statement fingerprint for n-plus-one-db, `host + url.template` for n-plus-one-http.
   */
  key: string;
  title: string;
  /** Numbers that prove it, plus up to 5 example trace ids. Free-form per kind, documented in docs/recommendations.md. */
  evidence: { exampleTraceIds: string[]; [name: string]: unknown };
  impact: {
    /** Expected saving on each affected request, ms. */
    msSavedPerRequest: number;
    /** Affected requests per minute (observed) × msSavedPerRequest. */
    msSavedPerMinute: number;
  };
  /** Text plus a code example matching the detected pattern (SQL, TypeScript, or config). */
  fix: { text: string; code: string; language: 'typescript' | 'sql' | 'text' };
}

/** Detector thresholds are per kind and overridable by config; each detector documents its own. */
export interface Detector<Thresholds = Record<string, number>> {
  kind: RecommendationKind;
  defaults: Thresholds;
  detect(input: AnalysisInput, thresholds: Thresholds): Finding[];
}

export const RECOMMENDATION_STATUSES = ['open', 'accepted', 'applied', 'validated', 'resolved', 'dismissed'] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];

export type ValidationVerdict = 'improved' | 'unchanged' | 'regressed';
