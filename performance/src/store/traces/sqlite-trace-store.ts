import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { SpanRecord } from '../../ingest/spans.js';
import { StoreClosedError, StoreConfigError } from '../errors.js';
import { migrate } from '../sqlite/migrate.js';
import { createBenchmarkRepo } from './benchmark-repo.js';
import { TRACE_MIGRATIONS } from './trace-migrations.js';
import { TraceReader } from './trace-reader.js';
import { createTraceRetention } from './trace-retention.js';
import type { TraceStore } from './trace-store.js';
import { deriveTraceSummary, httpFacts, type SummarySpan } from './trace-summary.js';

export interface SqliteTraceStoreOptions {
  /** Database file, or ':memory:' (tests). Parent directories are created. */
  path: string;
  /** How long traces are kept, by root start; default 7 days. */
  retentionMs?: number;
  /** Most spans kept; the oldest traces are deleted first past it. */
  maxSpans?: number;
  /** Traces deleted per retention transaction. */
  retentionBatchSize?: number;
}

/** `<dataDir>/traces.db`: its own file, so span writes and metric writes never wait on each other's lock. */
export function sqliteTraceStorePath(dataDir: string): string {
  return join(dataDir, 'traces.db');
}

interface SummaryRow {
  span_id: string;
  parent_span_id: string | null;
  service: string;
  kind: SummarySpan['kind'];
  start_ms: number;
  duration_ms: number;
  status: SummarySpan['status'];
  http_route: string | null;
  http_method: string | null;
  http_status: number | null;
}

/**
 * Embedded trace store: SQLite in WAL mode. Each write upserts its spans and re-derives the summary of every trace it
 * touched from all of that trace's stored spans, in one transaction, so spans of several services (or several
 * exports of one service) merge into one trace in whatever order they arrive.
 */
export function openSqliteTraceStore({
  path,
  retentionMs = 7 * 86_400_000,
  maxSpans = 2_000_000,
  retentionBatchSize = 500,
}: SqliteTraceStoreOptions): TraceStore {
  if (!(retentionMs > 0)) throw new StoreConfigError(`retentionMs must be positive, got ${retentionMs}`);
  if (!Number.isSafeInteger(maxSpans) || maxSpans < 1) {
    throw new StoreConfigError(`maxSpans must be a positive integer, got ${maxSpans}`);
  }
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    migrate(db, TRACE_MIGRATIONS);
  } catch (err) {
    db.close();
    throw err;
  }

  let open = true;
  const guard = () => {
    if (!open) throw new StoreClosedError();
  };

  const upsertSpan = db.prepare(`
    INSERT INTO spans (trace_id, span_id, parent_span_id, service, name, kind, start_ms, duration_ms, status,
                       status_message, http_route, http_method, http_status, attributes)
    VALUES (@traceId, @spanId, @parentSpanId, @service, @name, @kind, @startMs, @durationMs, @status,
            @statusMessage, @route, @method, @statusCode, @attributes)
    ON CONFLICT (trace_id, span_id) DO UPDATE SET
      parent_span_id = excluded.parent_span_id, service = excluded.service, name = excluded.name,
      kind = excluded.kind, start_ms = excluded.start_ms, duration_ms = excluded.duration_ms,
      status = excluded.status, status_message = excluded.status_message, http_route = excluded.http_route,
      http_method = excluded.http_method, http_status = excluded.http_status, attributes = excluded.attributes`);
  const summarySpans = db.prepare<[string], SummaryRow>(`
    SELECT span_id, parent_span_id, service, kind, start_ms, duration_ms, status, http_route, http_method, http_status
    FROM spans WHERE trace_id = ?`);
  const upsertTrace = db.prepare(`
    INSERT OR REPLACE INTO traces (trace_id, service, services, route, method, http_status, error, start_ms,
                                   duration_ms, span_count, root_span_id)
    VALUES (@traceId, @service, @services, @route, @method, @status, @error, @startMs, @durationMs, @spanCount,
            @rootSpanId)`);
  const addService = db.prepare<[string, string]>(
    'INSERT OR IGNORE INTO trace_services (service, trace_id) VALUES (?, ?)',
  );

  const writeTx = db.transaction((spans: readonly SpanRecord[]) => {
    const touched = new Set<string>();
    for (const span of spans) {
      upsertSpan.run({
        ...span,
        ...httpFacts(span.attributes),
        attributes: JSON.stringify(span.attributes),
      });
      touched.add(span.traceId);
    }
    for (const traceId of touched) {
      const summary = deriveTraceSummary(
        traceId,
        summarySpans.all(traceId).map((row) => ({
          spanId: row.span_id,
          parentSpanId: row.parent_span_id,
          service: row.service,
          kind: row.kind,
          startMs: row.start_ms,
          durationMs: row.duration_ms,
          status: row.status,
          route: row.http_route,
          method: row.http_method,
          statusCode: row.http_status,
        })),
      );
      upsertTrace.run({ ...summary, services: JSON.stringify(summary.services), error: summary.error ? 1 : 0 });
      for (const service of summary.services) addService.run(service, traceId);
    }
    return { written: spans.length, traces: touched.size };
  });

  const reader = new TraceReader(db);
  const benchmarks = createBenchmarkRepo(db);
  const retention = createTraceRetention(db, () => open, { retentionMs, maxSpans, batchSize: retentionBatchSize });

  return {
    engine: 'sqlite',
    async writeSpans(spans) {
      guard();
      return spans.length === 0 ? { written: 0, traces: 0 } : writeTx(spans);
    },
    async listTraces(query) {
      guard();
      return reader.list(query);
    },
    async getTrace(traceId) {
      guard();
      return reader.spans(traceId);
    },
    async applyRetention(nowMs) {
      guard();
      return retention(nowMs);
    },
    benchmarks: {
      async create(record) {
        guard();
        benchmarks.create(record);
      },
      async list(query) {
        guard();
        return benchmarks.list(query);
      },
      async get(id) {
        guard();
        return benchmarks.get(id);
      },
    },
    async ping() {
      return open && db.open;
    },
    async close() {
      if (!open) return;
      open = false;
      db.close();
    },
  };
}
