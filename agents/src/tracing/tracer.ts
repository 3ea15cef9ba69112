import { AsyncLocalStorage } from 'node:async_hooks';
import type { Clock } from '../agent/clock.js';
import { IdGenerator } from './ids.js';
import { type ChildSpan, RequestTrace } from './request-trace.js';
import type { SampleCandidate, TailSampler } from './tail-sampler.js';
import { parseTraceParent } from './traceparent.js';

/** A finished request as the tail sampler sees it. */
export interface FinishedTrace extends SampleCandidate {
  readonly trace: RequestTrace;
}

export interface RequestOutcome {
  route: string | undefined;
  statusCode: number;
  /** error.type of a thrown error, if the request failed with one. */
  error: string | undefined;
  endMonoMs: number;
}

export interface TracerDeps {
  clock: Clock;
  sampler: TailSampler<FinishedTrace>;
  maxSpansPerTrace: number;
  /** Calls of one fingerprint in one request that make it a `repeated-query` trace. */
  repeatedQueryThreshold: number;
}

/**
 * The agent's request context: each request the Express middleware sees runs inside `run(trace, …)`, so every
 * DB, cache and HTTP call it makes — across awaits, timers and callbacks — finds its RequestTrace with `current()`.
 * One AsyncLocalStorage per agent (no process-wide singleton); finished requests go to the tail sampler.
 */
export class Tracer {
  readonly ids = new IdGenerator();
  readonly #storage = new AsyncLocalStorage<RequestTrace>();

  constructor(private readonly deps: TracerDeps) {}

  current(): RequestTrace | undefined {
    return this.#storage.getStore();
  }

  run<T>(trace: RequestTrace, fn: () => T): T {
    return this.#storage.run(trace, fn);
  }

  /** A new trace for an incoming request, continuing the caller's trace when `traceparent` is valid. */
  startRequest(method: string, url: string, traceparent: string | string[] | undefined): RequestTrace {
    const parent = parseTraceParent(traceparent);
    return new RequestTrace({
      traceId: parent?.traceId ?? this.ids.traceId(),
      spanId: this.ids.spanId(),
      parentSpanId: parent?.parentSpanId,
      method,
      url,
      startWallMs: this.deps.clock.nowMs(),
      startMonoMs: this.deps.clock.monotonicMs(),
    });
  }

  finishRequest(trace: RequestTrace, outcome: RequestOutcome): void {
    trace.route = outcome.route;
    trace.statusCode = outcome.statusCode;
    trace.error = outcome.error;
    trace.endMonoMs = outcome.endMonoMs;
    trace.release();
    this.deps.sampler.offer({
      routeKey: outcome.route === undefined ? trace.method : `${trace.method} ${outcome.route}`,
      durationMs: trace.durationMs,
      isError: outcome.statusCode >= 500 || outcome.error !== undefined,
      repeatedQuery: trace.maxRepeats >= this.deps.repeatedQueryThreshold,
      traceId: trace.traceId,
      trace,
    });
  }

  addChild(trace: RequestTrace, span: ChildSpan): boolean {
    return trace.addChild(span, this.deps.maxSpansPerTrace);
  }
}
