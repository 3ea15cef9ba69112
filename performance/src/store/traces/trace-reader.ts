import type { Database, Statement } from 'better-sqlite3';
import type { SpanAttributeValue, SpanKindName, SpanRecord, SpanStatusName } from '../../ingest/spans.js';
import type { TraceQuery, TraceSort, TraceStatusFilter, TraceSummary } from './trace-store.js';

export interface TraceRow {
  trace_id: string;
  service: string;
  services: string;
  route: string | null;
  method: string | null;
  http_status: number | null;
  error: number;
  start_ms: number;
  duration_ms: number;
  span_count: number;
  root_span_id: string;
}

interface SpanRow {
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  service: string;
  name: string;
  kind: string;
  start_ms: number;
  duration_ms: number;
  status: string;
  status_message: string | null;
  attributes: string;
}

const STATUS_SQL: Readonly<Record<TraceStatusFilter['kind'], string>> = {
  error: 't.error = 1',
  ok: 't.error = 0',
  code: 't.http_status = @code',
  class: 't.http_status BETWEEN @minCode AND @maxCode',
};
const ORDER_SQL: Readonly<Record<TraceSort, string>> = {
  start: 't.start_ms DESC, t.trace_id',
  duration: 't.duration_ms DESC, t.start_ms DESC, t.trace_id',
};

export const traceFromRow = (row: TraceRow): TraceSummary => ({
  traceId: row.trace_id,
  service: row.service,
  services: JSON.parse(row.services) as string[],
  route: row.route,
  method: row.method,
  status: row.http_status,
  error: row.error === 1,
  startMs: row.start_ms,
  durationMs: row.duration_ms,
  spanCount: row.span_count,
  rootSpanId: row.root_span_id,
});

const spanFromRow = (row: SpanRow): SpanRecord => ({
  traceId: row.trace_id,
  spanId: row.span_id,
  parentSpanId: row.parent_span_id,
  service: row.service,
  name: row.name,
  kind: row.kind as SpanKindName,
  startMs: row.start_ms,
  durationMs: row.duration_ms,
  status: row.status as SpanStatusName,
  statusMessage: row.status_message,
  attributes: JSON.parse(row.attributes) as Record<string, SpanAttributeValue>,
});

/** Trace list and trace detail queries over traces.db. */
export class TraceReader {
  /** One prepared statement per filter combination (at most 2^5 × 4 × 2 of them). */
  private readonly listStatements = new Map<string, Statement>();
  private readonly spansOf: Statement<[string], SpanRow>;

  constructor(private readonly db: Database) {
    this.spansOf = db.prepare('SELECT * FROM spans WHERE trace_id = ? ORDER BY start_ms, span_id');
  }

  list(query: TraceQuery): TraceSummary[] {
    const where = ['t.start_ms >= @fromMs', 't.start_ms < @toMs'];
    const params: Record<string, unknown> = { fromMs: query.fromMs, toMs: query.toMs, limit: query.limit };
    if (query.service !== undefined) {
      where.push('t.trace_id IN (SELECT trace_id FROM trace_services WHERE service = @service)');
      params['service'] = query.service;
    }
    if (query.route !== undefined) {
      where.push('t.route = @route');
      params['route'] = query.route;
    }
    if (query.method !== undefined) {
      where.push('t.method = @method');
      params['method'] = query.method;
    }
    if (query.minDurationMs !== undefined) {
      where.push('t.duration_ms >= @minDurationMs');
      params['minDurationMs'] = query.minDurationMs;
    }
    if (query.status !== undefined) {
      where.push(STATUS_SQL[query.status.kind]);
      Object.assign(params, query.status);
      delete params['kind'];
    }
    const sql = `SELECT t.* FROM traces t WHERE ${where.join(' AND ')} ORDER BY ${ORDER_SQL[query.sort]} LIMIT @limit`;
    let statement = this.listStatements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.listStatements.set(sql, statement);
    }
    return (statement.all(params) as TraceRow[]).map(traceFromRow);
  }

  spans(traceId: string): SpanRecord[] | null {
    const rows = this.spansOf.all(traceId);
    return rows.length === 0 ? null : rows.map(spanFromRow);
  }
}
