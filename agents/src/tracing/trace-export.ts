import type { AgentStats } from '../agent/agent-stats.js';
import type { OtlpResource, OtlpScope, OtlpSpan, OtlpTracesRequest } from '../otlp/types.js';
import type { SampledInterval, TailSampler } from './tail-sampler.js';
import { traceToSpans } from './trace-to-otlp.js';
import type { FinishedTrace } from './tracer.js';

// Spans per export request: bounds one synchronous encode, as MAX_POINTS_PER_BATCH does for metrics.
export const MAX_SPANS_PER_BATCH = 1000;

/**
 * Ends the sampler's interval now and returns its kept traces as OTLP trace requests of at most `maxSpans` spans (a
 * trace is split only when it alone exceeds the limit), built lazily: each request's span objects are made when the
 * caller pulls it, so only one request exists as objects at a time. Counts kept traces and spans cut per trace.
 */
export function collectTraces(
  sampler: TailSampler<FinishedTrace>,
  nowMs: number,
  context: { resource: OtlpResource; scope: OtlpScope; stats: AgentStats },
  maxSpans = MAX_SPANS_PER_BATCH,
): Generator<OtlpTracesRequest> {
  return traceRequests(sampler.drain(nowMs).kept, context, maxSpans);
}

function* traceRequests(
  kept: SampledInterval<FinishedTrace>['kept'],
  { resource, scope, stats }: { resource: OtlpResource; scope: OtlpScope; stats: AgentStats },
  maxSpans: number,
): Generator<OtlpTracesRequest> {
  let spans: OtlpSpan[] = [];
  const request = () => {
    const out: OtlpTracesRequest = { resourceSpans: [{ resource, scopeSpans: [{ scope, spans }] }] };
    spans = [];
    return out;
  };
  for (let i = 0; i < kept.length; i++) {
    const { trace, reason } = kept[i]!;
    kept[i] = undefined as never; // converted: the trace can be collected while later ones are
    stats.keptTraces++;
    stats.droppedSpans += trace.trace.droppedSpans;
    const traceSpans = traceToSpans(trace.trace, reason);
    if (spans.length > 0 && spans.length + traceSpans.length > maxSpans) yield request();
    for (const span of traceSpans) {
      spans.push(span);
      if (spans.length >= maxSpans) yield request();
    }
  }
  if (spans.length > 0) yield request();
}

export function countSpans(request: OtlpTracesRequest): number {
  let n = 0;
  for (const rs of request.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) n += ss.spans?.length ?? 0;
  return n;
}
