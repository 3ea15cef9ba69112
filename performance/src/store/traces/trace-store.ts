import type { SpanRecord } from '../../ingest/spans.js';

/**
 * One trace as the list shows it, derived from its root span (see deriveTraceSummary). Spans of several services
 * merge into one trace by trace id, whichever arrives first.
 */
export interface TraceSummary {
  traceId: string;
  /** The root span's service: the entry point, e.g. `shop` for a checkout that also called `payments`. */
  service: string;
  /** Every service with spans in the trace, sorted. */
  services: string[];
  /** The root span's `http.route`, `http.request.method` and `http.response.status_code`, when it has them. */
  route: string | null;
  method: string | null;
  status: number | null;
  /** A span has status ERROR or the root answered ≥ 500. */
  error: boolean;
  /** Root span start, unix ms with sub-ms precision, and its duration. */
  startMs: number;
  durationMs: number;
  spanCount: number;
  rootSpanId: string;
}

/** `error`/`ok` test the error flag; a code or class (`5xx`) tests the root's HTTP status. */
export type TraceStatusFilter =
  | { kind: 'error' }
  | { kind: 'ok' }
  | { kind: 'code'; code: number }
  | { kind: 'class'; minCode: number; maxCode: number };

export const TRACE_SORTS = ['start', 'duration'] as const;
export type TraceSort = (typeof TRACE_SORTS)[number];

export interface TraceQuery {
  /** Root start in [fromMs, toMs). */
  fromMs: number;
  toMs: number;
  /** A service that took part (not only the root's). */
  service?: string;
  route?: string;
  method?: string;
  minDurationMs?: number;
  status?: TraceStatusFilter;
  limit: number;
  /** `start`: newest first; `duration`: slowest first. */
  sort: TraceSort;
}

/** A load-runner summary as posted to /api/v1/benchmarks. */
export interface BenchmarkSummary {
  name: string;
  profile: string;
  target: string;
  /** Unix ms. */
  startedAt: number;
  durationMs: number;
  scenarios: {
    name: string;
    requests: number;
    errors: number;
    rps: number;
    p50Ms: number;
    p95Ms: number;
    p99Ms: number;
  }[];
  thresholds: { name: string; ok: boolean }[];
  passed: boolean;
}

export interface BenchmarkRecord extends BenchmarkSummary {
  id: string;
  /** Unix ms when it was posted, and the name of the token that posted it. */
  createdAt: number;
  createdBy: string;
}

export interface RetentionResult {
  deletedTraces: number;
  deletedSpans: number;
}

/**
 * Storage for sampled traces (and load-runner benchmark summaries), apart from the metrics Store so span writes
 * never contend with metric writes. Async like Store, so another engine can follow.
 */
export interface TraceStore {
  readonly engine: string;
  /** Upserts spans by (traceId, spanId) — a re-sent span replaces itself — and re-derives each touched trace. */
  writeSpans(spans: readonly SpanRecord[]): Promise<{ written: number; traces: number }>;
  listTraces(query: TraceQuery): Promise<TraceSummary[]>;
  /** Spans ordered by start; null when the trace is unknown. */
  getTrace(traceId: string): Promise<SpanRecord[] | null>;
  /** Deletes traces that started before `nowMs − retentionMs`, then the oldest ones while spans exceed the cap. */
  applyRetention(nowMs: number): Promise<RetentionResult>;
  benchmarks: {
    create(record: BenchmarkRecord): Promise<void>;
    /** Newest first. */
    list(query: { limit: number; name?: string; profile?: string }): Promise<BenchmarkRecord[]>;
    get(id: string): Promise<BenchmarkRecord | null>;
  };
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
