import type { AgentStats } from '../agent/agent-stats.js';
import type { OtlpResource, OtlpScope, OtlpSpan, OtlpTracesRequest } from '../otlp/types.js';
import type { TailSampler } from './tail-sampler.js';
import { traceToSpans } from './trace-to-otlp.js';
import type { FinishedTrace } from './tracer.js';

// Spans per export request: bounds one synchronous encode, as MAX_POINTS_PER_BATCH does for metrics.
export const MAX_SPANS_PER_BATCH = 1000;

/**
 * Ends the sampler's interval and turns the kept traces into OTLP trace requests of at most `maxSpans` spans
 * (a trace is split only when it alone exceeds the limit). Counts kept traces and spans cut per trace.
 */
export function collectTraces(
  sampler: TailSampler<FinishedTrace>,
  nowMs: number,
  context: { resource: OtlpResource; scope: OtlpScope; stats: AgentStats },
  maxSpans = MAX_SPANS_PER_BATCH,
): OtlpTracesRequest[] {
  const { kept } = sampler.drain(nowMs);
  const { resource, scope, stats } = context;
  const requests: OtlpTracesRequest[] = [];
  let spans: OtlpSpan[] = [];
  const close = () => {
    if (spans.length > 0) requests.push({ resourceSpans: [{ resource, scopeSpans: [{ scope, spans }] }] });
    spans = [];
  };
  for (const { trace, reason } of kept) {
    stats.keptTraces++;
    stats.droppedSpans += trace.trace.droppedSpans;
    const traceSpans = traceToSpans(trace.trace, reason);
    if (spans.length + traceSpans.length > maxSpans) close();
    for (const span of traceSpans) {
      spans.push(span);
      if (spans.length >= maxSpans) close();
    }
  }
  close();
  return requests;
}

export function countSpans(request: OtlpTracesRequest): number {
  let n = 0;
  for (const rs of request.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) n += ss.spans?.length ?? 0;
  return n;
}
