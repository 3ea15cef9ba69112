import type { Migration } from '../sqlite/migrations.js';

/**
 * Schema history of `traces.db`, applied by the metrics store's migrate(). Appended, never edited.
 *
 * spans: one row per (trace_id, span_id); times are unix ms as REAL (sub-ms precision); `attributes` is the flat
 * JSON object the API returns; http_* repeat three attributes so a summary is derived without parsing JSON.
 * traces: one summary row per trace, re-derived whenever one of its spans is written; `services` is a JSON array.
 * trace_services: which services took part, for `?service=` (a service may appear below another's root).
 * benchmarks: load-runner summaries; `summary` is the posted JSON, the columns are what lists filter on.
 */
export const TRACE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'spans, trace summaries, trace services, benchmarks',
    sql: `
      CREATE TABLE spans (
        trace_id TEXT NOT NULL,
        span_id TEXT NOT NULL,
        parent_span_id TEXT,
        service TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        start_ms REAL NOT NULL,
        duration_ms REAL NOT NULL,
        status TEXT NOT NULL,
        status_message TEXT,
        http_route TEXT,
        http_method TEXT,
        http_status INTEGER,
        attributes TEXT NOT NULL,
        UNIQUE (trace_id, span_id)
      );
      CREATE TABLE traces (
        trace_id TEXT PRIMARY KEY,
        service TEXT NOT NULL,
        services TEXT NOT NULL,
        route TEXT,
        method TEXT,
        http_status INTEGER,
        error INTEGER NOT NULL,
        start_ms REAL NOT NULL,
        duration_ms REAL NOT NULL,
        span_count INTEGER NOT NULL,
        root_span_id TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX traces_by_start ON traces (start_ms);
      CREATE INDEX traces_by_duration ON traces (duration_ms);
      CREATE TABLE trace_services (
        service TEXT NOT NULL,
        trace_id TEXT NOT NULL,
        PRIMARY KEY (service, trace_id)
      ) WITHOUT ROWID;
      CREATE INDEX trace_services_by_trace ON trace_services (trace_id);
      CREATE TABLE benchmarks (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        profile TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        summary TEXT NOT NULL
      );
      CREATE INDEX benchmarks_by_created ON benchmarks (created_at);
    `,
  },
];
