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

export interface TracerDeps {
  clock: Clock;
  sampler: TailSampler<FinishedTrace>;
  maxSpansPerTrace: number;
  /** Calls of one fingerprint in one request that make it a `repeated-query` trace. */
  repeatedQueryThreshold: number;
}

const MAX_ROUTE_KEYS = 2_000;

/**
 * The agent's request context: each request the Express middleware sees runs inside `run(trace, …)`, so every
 * DB, cache and HTTP call it makes — across awaits, timers and callbacks — finds its RequestTrace with `current()`.
 * One AsyncLocalStorage per agent (no process-wide singleton); finished requests go to the tail sampler.
 */
export class Tracer {
  readonly ids = new IdGenerator();
  readonly #storage = new AsyncLocalStorage<RequestTrace>();
  readonly #routeKeys = new Map<string, Map<string, string>>();
  #routeKeyCount = 0;

  constructor(private readonly deps: TracerDeps) {}

  current(): RequestTrace | undefined {
    return this.#storage.getStore();
  }

  run<T>(trace: RequestTrace, fn: () => T): T {
    return this.#storage.run(trace, fn);
  }

  /** A new trace for an incoming request, continuing the caller's trace when `traceparent` is valid. */
  startRequest(method: string, url: string, traceparent: string | string[] | undefined): RequestTrace {
    const { clock } = this.deps;
    return this.begin(new RequestTrace(method, url, clock.nowMs(), clock.monotonicMs()), traceparent);
  }

  /**
   * Makes `trace` (a fresh RequestTrace, or the middleware's per-request record that extends it) a traced request:
   * its ids, continuing the caller's trace when `traceparent` is valid.
   */
  begin<T extends RequestTrace>(trace: T, traceparent: string | string[] | undefined): T {
    const parent = traceparent === undefined ? undefined : parseTraceParent(traceparent);
    if (parent) {
      trace.traceId = parent.traceId;
      trace.parentSpanId = parent.parentSpanId;
    } else trace.traceId = this.ids.traceId();
    trace.spanId = this.ids.spanId();
    return trace;
  }

  /**
   * Ends the request's server span and offers it to the tail sampler. `error` is the error.type of a thrown error,
   * if the request failed with one; `route` undefined when no route matched.
   */
  finishRequest(
    trace: RequestTrace,
    route: string | undefined,
    statusCode: number,
    error: string | undefined,
    endMonoMs: number,
  ): void {
    trace.route = route;
    trace.statusCode = statusCode;
    trace.error = error;
    trace.endMonoMs = endMonoMs;
    trace.routeKey = this.#routeKey(trace.method, route);
    trace.isError = statusCode >= 500 || error !== undefined;
    trace.repeatedQuery = trace.maxRepeats >= this.deps.repeatedQueryThreshold;
    trace.release();
    trace.settle(this.deps.sampler.offer(trace));
  }

  /** `GET /products/:id`, built once per (method, route) and reused (bounded: apps have a fixed set of routes). */
  #routeKey(method: string, route: string | undefined): string {
    if (route === undefined) return method;
    let byRoute = this.#routeKeys.get(method);
    let key = byRoute?.get(route);
    if (key !== undefined) return key;
    key = `${method} ${route}`;
    if (this.#routeKeyCount >= MAX_ROUTE_KEYS) return key;
    if (!byRoute) {
      byRoute = new Map();
      this.#routeKeys.set(method, byRoute);
    }
    byRoute.set(route, key);
    this.#routeKeyCount++;
    return key;
  }

  addChild(trace: RequestTrace, span: ChildSpan): boolean {
    return trace.addChild(span, this.deps.maxSpansPerTrace);
  }
}
