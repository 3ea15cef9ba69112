import type { Clock } from '../agent/clock.js';
import type { AttributeValue } from '../metrics/attributes.js';
import type { DeferredAttributes, RequestTrace } from '../tracing/request-trace.js';
import type { Tracer } from '../tracing/tracer.js';

/** One DB, cache or HTTP call in flight. `trace` and `spanId` are set when it runs inside a traced request. */
export interface ActiveCall {
  readonly trace: RequestTrace | undefined;
  readonly spanId: string | undefined;
  readonly startMonoMs: number;
}

export interface SpanDraft {
  name: string;
  kind: number;
  attributes: Record<string, AttributeValue>;
  error?: string | undefined;
  /** Computed only if the trace is kept (see ChildSpan.deferred). */
  deferred?: DeferredAttributes | undefined;
  deferredValue?: unknown;
}

export interface CallEnd {
  /** Scalar values from the call's results (dependency evidence for later calls). */
  produced?: readonly string[] | undefined;
  /** Counted per request; a fingerprint repeated often makes the trace `repeated-query`. */
  repeatKey?: string;
}

/**
 * What every instrumentation does around a call: read the clock at start and end, and — inside a traced
 * request — allocate the call's span id, check its parameters against earlier results, and add its span.
 * Outside a request (startup, background jobs) only the duration is measured, for metrics.
 */
export class CallRecorder {
  constructor(
    private readonly clock: Clock,
    private readonly tracer: Tracer | undefined,
  ) {}

  start(): ActiveCall {
    const trace = this.tracer?.current();
    return {
      trace,
      spanId: trace ? this.tracer!.ids.spanId() : undefined,
      startMonoMs: this.clock.monotonicMs(),
    };
  }

  /** `stride.depends_on`: comma-separated span ids whose results held any of `params`; undefined when none. */
  dependsOn(call: ActiveCall, params: readonly string[]): string | undefined {
    if (!call.trace || params.length === 0) return undefined;
    const ids = call.trace.evidence().dependsOn(params);
    return ids.length > 0 ? ids.join(',') : undefined;
  }

  /**
   * Ends the call now and returns its duration in ms. `span` may be a function of that duration (undefined: no
   * span), for spans only worth recording past a threshold.
   */
  finish(
    call: ActiveCall,
    draft: SpanDraft | ((durationMs: number) => SpanDraft | undefined) | undefined,
    end: CallEnd = {},
  ): number {
    const endMonoMs = this.clock.monotonicMs();
    const durationMs = Math.max(0, endMonoMs - call.startMonoMs);
    const { trace, spanId } = call;
    const span = typeof draft === 'function' ? (trace ? draft(durationMs) : undefined) : draft;
    if (trace && spanId && span) {
      this.tracer!.addChild(trace, {
        spanId,
        name: span.name,
        kind: span.kind,
        startMonoMs: call.startMonoMs,
        endMonoMs,
        attributes: span.attributes,
        error: span.error,
        deferred: span.deferred,
        deferredValue: span.deferredValue,
      });
      if (end.produced && end.produced.length > 0) trace.evidence().remember(end.produced, spanId);
      if (end.repeatKey !== undefined) trace.countRepeat(end.repeatKey);
    }
    return durationMs;
  }
}
