import { isSet, writeEnvelopes, writeKeyValues } from './common-writer.js';
import { ProtoWriter } from './proto-writer.js';
import type { OtlpSpan, OtlpTracesRequest } from './types.js';

// Field numbers of trace-proto.ts (opentelemetry-proto v1). As protobufjs does (and metrics-writer.ts), fields are
// written in field-number order, and proto3 fields without presence are left out at their default (0, ''), so both
// give the same bytes for the same request (tested). The status message is written whenever the span has one.

/**
 * The request as bytes, or undefined when it holds what this writer does not cover (span events or links: the
 * agent makes neither) or an id that is not hex; the caller then takes protobufjs. Replaces, for the agent's own
 * trace exports, a deep copy of the request (ids hex → base64) and protobufjs' encoder: no objects per span.
 */
export function writeTracesRequest(request: OtlpTracesRequest, w = new ProtoWriter()): Uint8Array | undefined {
  const complete = writeEnvelopes(
    w,
    request.resourceSpans,
    (rs) => rs.scopeSpans,
    (ss) => (ss.spans ?? []).every((span) => writeSpan(w, span)),
  );
  return complete ? w.view() : undefined;
}

function writeSpan(w: ProtoWriter, span: OtlpSpan): boolean {
  if ((span.events?.length ?? 0) > 0 || (span.links?.length ?? 0) > 0) return false;
  w.tag(2, 2).fork();
  if (span.traceId && !w.hex(1, span.traceId)) return false;
  if (span.spanId && !w.hex(2, span.spanId)) return false;
  if (span.traceState) w.string(3, span.traceState);
  if (span.parentSpanId && !w.hex(4, span.parentSpanId)) return false;
  if (span.name) w.string(5, span.name);
  if (span.kind) w.tag(6, 0).int32(span.kind);
  if (isSet(span.startTimeUnixNano)) w.tag(7, 1).fixed64(span.startTimeUnixNano);
  if (isSet(span.endTimeUnixNano)) w.tag(8, 1).fixed64(span.endTimeUnixNano);
  writeKeyValues(w, 9, span.attributes);
  if (span.droppedAttributesCount) w.tag(10, 0).varint(span.droppedAttributesCount >>> 0);
  if (span.status != null) {
    w.tag(15, 2).fork();
    if (span.status.message) w.string(2, span.status.message);
    if (span.status.code) w.tag(3, 0).int32(span.status.code);
    w.ldelim();
  }
  if (span.flags) w.tag(16, 5).fixed32(span.flags >>> 0);
  w.ldelim();
  return true;
}
