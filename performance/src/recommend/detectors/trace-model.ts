import type { SpanRecord } from '../../ingest/spans.js';
import type { AnalysisInput } from '../recommendation.js';
import { A, str } from './span-attributes.js';

/**
 * The view every trace detector starts from: each sampled request the service served, with the calls it made.
 * Example: a `GET /products/:id` SERVER span of `shop` at t=0 for 40 ms with a pg query at 2–5 ms and a Redis GET at
 * 6–7 ms → { route: 'GET /products/:id', durationMs: 40, calls: [db 2–5, cache 6–7] }.
 */
export type CallKind = 'db' | 'cache' | 'http';

export interface Call {
  span: SpanRecord;
  kind: CallKind;
  startMs: number;
  endMs: number;
  durationMs: number;
  /** What makes two calls "the same call site": statement fingerprint, Redis command + key family, or method + host + url.template. */
  signature: string;
  /** Short human label, e.g. `SELECT products`, `GET payments.internal/charges/{id}`. */
  label: string;
  /** Whether the call only reads: SELECT, Redis reads, HTTP GET/HEAD. Writes are ordering barriers. */
  readOnly: boolean;
}

export interface RequestView {
  traceId: string;
  root: SpanRecord;
  /** `METHOD /route/template`, falling back to the span name when the request matched no route. */
  route: string;
  startMs: number;
  endMs: number;
  durationMs: number;
  /** The service's own DB/cache/HTTP calls under this request, by start time. */
  calls: Call[];
  /** `pg.pool.connect` waits under this request. */
  poolWaits: SpanRecord[];
}

const READ_COMMANDS = new Set(['GET', 'MGET', 'GETEX', 'HGET', 'HMGET', 'HGETALL', 'EXISTS', 'HEXISTS', 'SMEMBERS']);

export function routeOf(root: SpanRecord): string {
  const method = str(root, A.method);
  const route = str(root, A.route);
  return method !== null && route !== null ? `${method} ${route}` : root.name;
}

/** Classifies a CLIENT span as a call, or null for anything else (pool waits, internal spans). */
export function callOf(span: SpanRecord): Call | null {
  if (span.kind !== 'client') return null;
  const base = { span, startMs: span.startMs, endMs: span.startMs + span.durationMs, durationMs: span.durationMs };
  const system = str(span, A.dbSystem) ?? str(span, 'db.system');
  const operation = (str(span, A.dbOperation) ?? span.name.split(' ')[0] ?? '').toUpperCase();
  if (system === 'redis') {
    const prefix = str(span, A.cacheKeyPrefix) ?? '';
    return {
      ...base,
      kind: 'cache',
      signature: `redis ${operation} ${prefix}`,
      label: prefix === '' ? operation : `${operation} ${prefix}:…`,
      readOnly: READ_COMMANDS.has(operation),
    };
  }
  if (system !== null) {
    const fingerprint = str(span, A.dbFingerprint) ?? str(span, A.dbQuery) ?? span.name;
    return {
      ...base,
      kind: 'db',
      signature: `db ${fingerprint}`,
      label: span.name,
      readOnly: operation === 'SELECT',
    };
  }
  const method = str(span, A.method);
  if (method !== null) {
    const host = str(span, A.serverAddress) ?? '';
    const template = str(span, A.urlTemplate) ?? span.name.replace(/^\S+\s+/, '');
    return {
      ...base,
      kind: 'http',
      signature: `http ${method} ${host}${template}`,
      label: `${method} ${host}${template}`,
      readOnly: method === 'GET' || method === 'HEAD',
    };
  }
  return null;
}

/**
 * Every detector starts from the same request views, so they are built once per input object. A memo keyed by
 * the input's identity (weakly held, gone with the input) has no observable state: the views are derived data that
 * detectors only read (they sort copies, never the shared arrays).
 */
const views = new WeakMap<AnalysisInput, readonly RequestView[]>();

/**
 * Every request of `input.service` in the sampled traces. Only the service's own spans count as its calls: a
 * downstream service's queries (children of our HTTP call) belong to that service's analysis.
 */
export function requestsOf(input: AnalysisInput): readonly RequestView[] {
  const known = views.get(input);
  if (known) return known;
  const built = buildRequests(input);
  views.set(input, built);
  return built;
}

function buildRequests(input: AnalysisInput): RequestView[] {
  const out: RequestView[] = [];
  for (const spans of input.traces) {
    const children = new Map<string, SpanRecord[]>();
    for (const span of spans) {
      if (span.parentSpanId === null) continue;
      const list = children.get(span.parentSpanId);
      if (list) list.push(span);
      else children.set(span.parentSpanId, [span]);
    }
    for (const root of spans) {
      if (root.kind !== 'server' || root.service !== input.service) continue;
      const calls: Call[] = [];
      const poolWaits: SpanRecord[] = [];
      const stack = [...(children.get(root.spanId) ?? [])];
      while (stack.length > 0) {
        const span = stack.pop()!;
        // A nested SERVER span of the same service is its own request (e.g. a self-call), not part of this one.
        if (span.service !== input.service || span.kind === 'server') continue;
        const call = callOf(span);
        if (call) calls.push(call);
        else if (span.name === 'pg.pool.connect') poolWaits.push(span);
        stack.push(...(children.get(span.spanId) ?? []));
      }
      calls.sort((a, b) => a.startMs - b.startMs || a.span.spanId.localeCompare(b.span.spanId));
      out.push({
        traceId: root.traceId,
        root,
        route: routeOf(root),
        startMs: root.startMs,
        endMs: root.startMs + root.durationMs,
        durationMs: root.durationMs,
        calls,
        poolWaits,
      });
    }
  }
  return out;
}

/** Span ids from `stride.depends_on` (comma-separated). */
export function dependsOn(span: SpanRecord): string[] {
  const raw = str(span, A.dependsOn);
  return raw === null
    ? []
    : raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
}

/** Wall time covered by the union of the intervals, ms. Overlapping calls count once. */
export function unionMs(calls: readonly { startMs: number; endMs: number }[]): number {
  const sorted = [...calls].sort((a, b) => a.startMs - b.startMs);
  let total = 0;
  let curStart = Number.NEGATIVE_INFINITY;
  let curEnd = Number.NEGATIVE_INFINITY;
  for (const { startMs, endMs } of sorted) {
    if (startMs > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = startMs;
      curEnd = endMs;
    } else if (endMs > curEnd) curEnd = endMs;
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total;
}

/** Groups items by key, keeping first-seen order. */
export function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
