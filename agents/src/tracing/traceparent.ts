/** The part of a W3C `traceparent` header a service continues: `00-<trace-id>-<parent-id>-<flags>`. */
export interface TraceParent {
  traceId: string;
  /** The caller's span id: the parent of this service's server span. */
  parentSpanId: string;
  /** Trace flags byte; bit 0 is `sampled`. */
  flags: number;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/**
 * Parses a traceparent header per W3C Trace Context level 1: version ff and all-zero ids are invalid; a future
 * version (not 00) may carry more fields after the flags, version 00 may not. Undefined for anything invalid,
 * so a bad header starts a new trace instead of failing. Example:
 * `00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01` → trace 4bf9…4736, parent 00f0…02b7, flags 1.
 */
export function parseTraceParent(header: string | string[] | undefined): TraceParent | undefined {
  if (typeof header !== 'string' || header.length > 512) return undefined;
  const match = TRACEPARENT.exec(header.trim().toLowerCase());
  if (!match) return undefined;
  const [, version, traceId, parentSpanId, flags, rest] = match;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (/^0+$/.test(traceId!) || /^0+$/.test(parentSpanId!)) return undefined;
  return { traceId: traceId!, parentSpanId: parentSpanId!, flags: Number.parseInt(flags!, 16) };
}

/**
 * The header a CLIENT span sends downstream. Flags are 01 (sampled): the agent samples at the tail, so every
 * request may still be kept, and a downstream OpenTelemetry SDK with a parent-based sampler should record it.
 */
export function formatTraceParent(traceId: string, spanId: string): string {
  return `00-${traceId}-${spanId}-01`;
}
