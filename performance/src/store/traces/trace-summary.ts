import type { SpanAttributeValue, SpanKindName, SpanStatusName } from '../../ingest/spans.js';
import type { TraceSummary } from './trace-store.js';

/** The HTTP facts of a span, pulled out of its attributes once at write time so summaries need no JSON parsing. */
export interface HttpFacts {
  route: string | null;
  method: string | null;
  statusCode: number | null;
}

/** What summary derivation reads of each span. */
export interface SummarySpan extends HttpFacts {
  spanId: string;
  parentSpanId: string | null;
  service: string;
  kind: SpanKindName;
  startMs: number;
  durationMs: number;
  status: SpanStatusName;
}

/**
 * Stable semantic-convention names first, then the pre-1.23 names that OpenTelemetry JS's http instrumentation
 * still sends by default, so traces from any SDK get a method and status.
 */
export function httpFacts(attributes: Readonly<Record<string, SpanAttributeValue>>): HttpFacts {
  const text = (v: SpanAttributeValue | undefined) => (v === undefined || v === '' ? null : String(v));
  const code = Number(attributes['http.response.status_code'] ?? attributes['http.status_code'] ?? Number.NaN);
  return {
    route: text(attributes['http.route']),
    method: text(attributes['http.request.method'] ?? attributes['http.method']),
    statusCode: Number.isInteger(code) && code >= 100 && code <= 999 ? code : null,
  };
}

/**
 * Picks the root: a span without a parent, else (the trace's entry spans have not arrived yet, e.g. only the
 * payments service has exported so far) a span whose parent is missing. Among candidates a SERVER span wins, then
 * the earliest, then the longest. Example: shop `GET /checkout` (no parent) beats payments `POST /charge` (parent
 * is shop's outbound call); with only payments' spans stored, `POST /charge` is the root until shop's arrive.
 */
export function pickRoot<T extends SummarySpan>(spans: readonly T[]): T {
  if (spans.length === 0) throw new RangeError('a trace has at least one span');
  const ids = new Set(spans.map((s) => s.spanId));
  let candidates = spans.filter((s) => s.parentSpanId === null);
  if (candidates.length === 0) candidates = spans.filter((s) => !ids.has(s.parentSpanId!));
  if (candidates.length === 0) candidates = [...spans]; // a parent cycle: malformed, but still listable
  return candidates.reduce((best, s) => (better(s, best) ? s : best));
}

function better(a: SummarySpan, b: SummarySpan): boolean {
  const aServer = a.kind === 'server';
  const bServer = b.kind === 'server';
  if (aServer !== bServer) return aServer;
  if (a.startMs !== b.startMs) return a.startMs < b.startMs;
  if (a.durationMs !== b.durationMs) return a.durationMs > b.durationMs;
  return a.spanId < b.spanId;
}

/** The list row for a trace, from all of its stored spans. */
export function deriveTraceSummary(traceId: string, spans: readonly SummarySpan[]): TraceSummary {
  const root = pickRoot(spans);
  const services = [...new Set(spans.map((s) => s.service))].sort();
  const failed = spans.some((s) => s.status === 'error') || (root.statusCode !== null && root.statusCode >= 500);
  return {
    traceId,
    service: root.service,
    services,
    route: root.route,
    method: root.method,
    status: root.statusCode,
    error: failed,
    startMs: root.startMs,
    durationMs: root.durationMs,
    spanCount: spans.length,
    rootSpanId: root.spanId,
  };
}
