import type { SpanRecord } from '../ingest/spans.js';
import type { DbStatement } from '../query/db-statements.js';
import type { QueryService } from '../query/query-service.js';
import type { ServiceDetailQueries } from '../query/service-detail.js';
import type { MarkerRepo } from '../store/recommendation-repos.js';
import type { TraceStore } from '../store/traces/trace-store.js';
import type { IndexAdvice } from './index-advisor/index-advice.js';
import type { IntervalReader } from './interval-reader.js';
import type { AnalysisInput } from './recommendation.js';

export interface AnalysisInputDeps {
  query: Pick<QueryService, 'routes'>;
  detail: ServiceDetailQueries;
  traces: Pick<TraceStore, 'listTraces' | 'getTrace'>;
  intervals: Pick<IntervalReader, 'routes'>;
  markers: Pick<MarkerRepo, 'list'>;
  /** Slowest and newest traces each read per analysis (so at most twice this many getTrace calls). */
  maxTracesPerSort?: number;
  /** Statements passed to detectors, by total time. */
  maxStatements?: number;
  /** How far before the window markers are included (a change just before the window explains what is in it). */
  markerLookbackMs?: number;
  /**
   * EXPLAINs the service's slow statements for the missing-index detector (index-advisor/); absent when no
   * database is configured. A failure leaves `indexAdvice` out and goes to `onAdviceError`: the rest still runs.
   */
  adviseIndexes?: (service: string, statements: readonly DbStatement[]) => Promise<IndexAdvice[]>;
  onAdviceError?: (err: Error) => void;
}

export interface AnalysisWindow {
  service: string;
  fromMs: number;
  toMs: number;
  nowMs: number;
}

/**
 * Gathers one service's AnalysisInput over [fromMs, toMs): aggregates from the query layer and a bounded trace
 * sample — the `maxTracesPerSort` slowest plus the newest, deduplicated — so an analysis costs the same on a busy
 * service as on a quiet one. Slow traces show what is expensive; new ones show what is common now.
 */
export async function gatherAnalysisInput(
  {
    query,
    detail,
    traces,
    intervals,
    markers,
    maxTracesPerSort = 200,
    maxStatements = 200,
    markerLookbackMs = 3_600_000,
    adviseIndexes,
    onAdviceError = () => {},
  }: AnalysisInputDeps,
  { service, fromMs, toMs, nowMs }: AnalysisWindow,
): Promise<AnalysisInput> {
  const range = { service, fromMs, toMs };
  const stepped = { ...range, nowMs };
  const [routes, statements, cache, dependencies, pool, runtime, routeLatency, markerList, slowest, newest] =
    await Promise.all([
      query.routes(range),
      detail.dbStatements({ ...range, limit: maxStatements }),
      detail.cache(range),
      detail.dependencies(range),
      detail.pool(stepped),
      detail.runtime(stepped),
      intervals.routes(service, { fromMs, toMs, nowMs }),
      markers.list({ service, fromMs: fromMs - markerLookbackMs, toMs, limit: 1_000 }),
      traces.listTraces({ service, fromMs, toMs, limit: maxTracesPerSort, sort: 'duration' }),
      traces.listTraces({ service, fromMs, toMs, limit: maxTracesPerSort, sort: 'start' }),
    ]);
  const ids = [...new Set([...slowest, ...newest].map((t) => t.traceId))];
  const sampled: SpanRecord[][] = [];
  // One at a time: the trace store is synchronous SQLite underneath; parallel calls would only queue.
  for (const id of ids) {
    const spans = await traces.getTrace(id);
    if (spans !== null && spans.length > 0) sampled.push(spans);
  }
  let indexAdvice: IndexAdvice[] | undefined;
  if (adviseIndexes !== undefined && statements !== null && statements.length > 0) {
    try {
      indexAdvice = await adviseIndexes(service, statements);
    } catch (err) {
      onAdviceError(err instanceof Error ? err : new Error(String(err)));
    }
  }
  return {
    service,
    fromMs,
    toMs,
    traces: sampled,
    routes: routes ?? [],
    statements: statements ?? [],
    cache,
    dependencies: dependencies ?? [],
    pools: pool?.pools ?? [],
    runtime: runtime?.series ?? {},
    routeLatency,
    markers: markerList,
    ...(indexAdvice === undefined ? {} : { indexAdvice }),
  };
}
