import { createHash } from 'node:crypto';
import type { SpanAttributeValue, SpanRecord } from '../../ingest/spans.js';
import type { AnalysisInput } from '../recommendation.js';

/**
 * Builds realistic sampled traces for detector tests, with the attributes the agent emits (docs/telemetry.md).
 * Offsets (`at`) are ms after the request start. Example — an N+1 under `GET /orders/:id`:
 *   const t = request({ route: '/orders/:id', startMs: T0, durationMs: 60 });
 *   for (let i = 0; i < 10; i++) t.db('select * from items where order_id = $1', { at: 2 + i * 5, ms: 4 });
 *   const spans = t.spans();
 */
export const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

export interface RequestSpec {
  service?: string;
  method?: string;
  route: string;
  startMs: number;
  durationMs: number;
  traceId?: string;
  status?: number;
  attributes?: Record<string, SpanAttributeValue>;
}

export interface CallOptions {
  at: number;
  ms: number;
  dependsOn?: string[];
  attributes?: Record<string, SpanAttributeValue>;
  service?: string;
}

export interface DbOptions extends CallOptions {
  rows?: number;
  paramsHash?: string;
  resultHash?: string;
  operation?: string;
}

export const hex = (text: string, length: number) => createHash('sha256').update(text).digest('hex').slice(0, length);

/** The agent's fingerprint: first 16 hex digits of SHA-256 over the normalized text. */
export const fingerprintOf = (statement: string) => hex(statement, 16);

export class TraceBuilder {
  readonly traceId: string;
  readonly rootSpanId: string;
  private readonly list: SpanRecord[] = [];
  private seq = 0;

  constructor(private readonly spec: RequestSpec) {
    const method = spec.method ?? 'GET';
    this.traceId = spec.traceId ?? hex(`${spec.service ?? 'shop'}|${method} ${spec.route}|${spec.startMs}`, 32);
    this.rootSpanId = this.nextId();
    this.list.push({
      traceId: this.traceId,
      spanId: this.rootSpanId,
      parentSpanId: null,
      service: spec.service ?? 'shop',
      name: `${method} ${spec.route}`,
      kind: 'server',
      startMs: spec.startMs,
      durationMs: spec.durationMs,
      status: 'unset',
      statusMessage: null,
      attributes: {
        'http.request.method': method,
        'http.route': spec.route,
        'http.response.status_code': spec.status ?? 200,
        'url.path': spec.route,
        ...spec.attributes,
      },
    });
  }

  private nextId(): string {
    this.seq += 1;
    return `${this.traceId.slice(0, 8)}${this.seq.toString(16).padStart(8, '0')}`;
  }

  /** Adds a child span; returns its span id (for `dependsOn`). */
  span(name: string, kind: SpanRecord['kind'], o: CallOptions, attributes: Record<string, SpanAttributeValue>): string {
    const spanId = this.nextId();
    const deps: Record<string, string> =
      o.dependsOn && o.dependsOn.length > 0 ? { 'stride.depends_on': o.dependsOn.join(',') } : {};
    this.list.push({
      traceId: this.traceId,
      spanId,
      parentSpanId: this.rootSpanId,
      service: o.service ?? this.spec.service ?? 'shop',
      name,
      kind,
      startMs: this.spec.startMs + o.at,
      durationMs: o.ms,
      status: 'unset',
      statusMessage: null,
      attributes: { ...attributes, ...deps, ...o.attributes },
    });
    return spanId;
  }

  db(statement: string, o: DbOptions): string {
    const operation = o.operation ?? statement.trim().split(/\s+/)[0]!.toUpperCase();
    const table = /\b(?:from|update|into)\s+([a-z_][a-z0-9_.]*)/i.exec(statement)?.[1];
    return this.span(table ? `${operation} ${table}` : operation, 'client', o, {
      'db.system.name': 'postgresql',
      'db.operation.name': operation,
      'db.query.text': statement,
      'stride.db.fingerprint': fingerprintOf(statement),
      'db.response.returned_rows': o.rows ?? 1,
      'server.address': '127.0.0.1',
      'server.port': 5432,
      ...(o.paramsHash ? { 'stride.db.params_hash': o.paramsHash } : {}),
      ...(o.resultHash ? { 'stride.db.result_hash': o.resultHash } : {}),
    });
  }

  redis(command: string, o: CallOptions & { prefix?: string; result?: 'hit' | 'miss' }): string {
    return this.span(command, 'client', o, {
      'db.system.name': 'redis',
      'db.operation.name': command,
      'server.address': '127.0.0.1',
      'server.port': 6379,
      ...(o.prefix ? { 'stride.cache.key_prefix': o.prefix } : {}),
      ...(o.result ? { 'cache.result': o.result } : {}),
    });
  }

  http(
    method: string,
    host: string,
    template: string,
    o: CallOptions & { reused?: boolean; targetHash?: string; status?: number },
  ): string {
    return this.span(`${method} ${template}`, 'client', o, {
      'http.request.method': method,
      'server.address': host,
      'server.port': 80,
      'url.template': template,
      'http.response.status_code': o.status ?? 200,
      ...(o.reused === undefined ? {} : { 'stride.socket.reused': o.reused }),
      ...(o.targetHash ? { 'stride.http.target_hash': o.targetHash } : {}),
    });
  }

  poolWait(o: CallOptions & { pool?: string }): string {
    return this.span('pg.pool.connect', 'internal', o, {
      'db.client.connection.pool.name': o.pool ?? '127.0.0.1:5432/shop',
    });
  }

  spans(): SpanRecord[] {
    return [...this.list].sort((a, b) => a.startMs - b.startMs);
  }
}

export const request = (spec: RequestSpec) => new TraceBuilder(spec);

/** An AnalysisInput for `shop` over one hour from T0, empty except for what the test passes. */
export function analysisInput(partial: Partial<AnalysisInput> = {}): AnalysisInput {
  return {
    service: 'shop',
    fromMs: T0,
    toMs: T0 + 3_600_000,
    traces: [],
    routes: [],
    statements: [],
    cache: null,
    dependencies: [],
    pools: [],
    runtime: {},
    ...partial,
  };
}

/** A RouteSummary at `requestsPerSecond` for `GET /route`-style names. */
export function routeSummary(route: string, requestsPerSecond: number, windowMs = 3_600_000) {
  const [method, path] = route.split(' ') as [string, string];
  return {
    method,
    route: path,
    requests: Math.round(requestsPerSecond * (windowMs / 1_000)),
    requestRate: requestsPerSecond,
    errorRate: 0,
    apdex: 1,
    p50Ms: 20,
    p95Ms: 80,
    p99Ms: 120,
    maxMs: 200,
  };
}
