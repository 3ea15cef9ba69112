import { type OtlpSpan, type OtlpTracesRequest, SpanKind } from '../otlp/types.js';
import { attributeMap } from './otlp-points.js';

/** A span with its attributes flattened to strings, for assertions. Not part of the public API. */
export interface FlatSpan {
  span: OtlpSpan;
  name: string;
  attributes: Record<string, string>;
  /** Start relative to the server span of its request, in ms. */
  offsetMs: number;
  durationMs: number;
}

export function allSpans(requests: OtlpTracesRequest[]): OtlpSpan[] {
  return requests.flatMap((r) =>
    (r.resourceSpans ?? []).flatMap((rs) => (rs.scopeSpans ?? []).flatMap((ss) => ss.spans ?? [])),
  );
}

/** Server spans named `name` (e.g. `GET /products/:id`), each followed by its children, in export order. */
export function requestsNamed(requests: OtlpTracesRequest[], name: string): FlatSpan[][] {
  const spans = allSpans(requests);
  return spans
    .filter((s) => s.kind === SpanKind.SERVER && s.name === name)
    .map((server) => {
      const start = BigInt(server.startTimeUnixNano);
      return [server, ...spans.filter((s) => s.parentSpanId === server.spanId && s.traceId === server.traceId)].map(
        (span) => ({
          span,
          name: span.name,
          attributes: attributeMap(span.attributes),
          offsetMs: Number(BigInt(span.startTimeUnixNano) - start) / 1e6,
          durationMs: Number(BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano)) / 1e6,
        }),
      );
    });
}

/** The one request named `name`; throws when there is none. */
export function requestNamed(requests: OtlpTracesRequest[], name: string): FlatSpan[] {
  const [first] = requestsNamed(requests, name);
  if (!first) {
    const names = allSpans(requests)
      .filter((s) => s.kind === SpanKind.SERVER)
      .map((s) => s.name);
    throw new Error(`no request named ${name}; have ${names.join(', ')}`);
  }
  return first;
}
