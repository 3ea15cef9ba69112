/**
 * What trace ingest produces and the trace store consumes: one validated span, flattened.
 * Example: a pg query under `GET /products/:id`
 *   { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', parentSpanId: 'a1b2c3d4e5f60718',
 *     service: 'shop', name: 'SELECT products', kind: 'client', startMs: 1735689600123.456, durationMs: 1.25,
 *     status: 'unset', statusMessage: null,
 *     attributes: { 'db.system.name': 'postgresql', 'db.query.text': 'SELECT … WHERE id = $1', 'db.response.returned_rows': 1 } }
 */
export const SPAN_KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'] as const;
export type SpanKindName = (typeof SPAN_KINDS)[number];

export const SPAN_STATUSES = ['unset', 'ok', 'error'] as const;
export type SpanStatusName = (typeof SPAN_STATUSES)[number];

/** Flat attribute values: OTLP ints become numbers when safe (else decimal strings); arrays and maps become JSON. */
export type SpanAttributeValue = string | number | boolean;

export interface SpanRecord {
  /** 32 lowercase hex characters. */
  traceId: string;
  /** 16 lowercase hex characters. */
  spanId: string;
  /** null for a root span. */
  parentSpanId: string | null;
  /** The resource's service.name. */
  service: string;
  name: string;
  kind: SpanKindName;
  /** Unix ms with sub-millisecond precision (a double keeps ~0.25 µs at today's epoch). */
  startMs: number;
  durationMs: number;
  status: SpanStatusName;
  statusMessage: string | null;
  attributes: Record<string, SpanAttributeValue>;
}
