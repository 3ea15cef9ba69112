import type { AttributeValue } from '../metrics/attributes.js';
import { DependencyEvidence } from './dependency-evidence.js';
import { urlKeys } from './scalar-values.js';
import type { SampleCandidate } from './tail-sampler.js';

/** A finished DB, cache or outbound HTTP call inside a request: one CLIENT (or INTERNAL) span. */
export interface ChildSpan {
  spanId: string;
  name: string;
  /** OTLP SpanKind. */
  kind: number;
  /** Monotonic ms (see Clock.monotonicMs); exported relative to the request's start. */
  startMonoMs: number;
  endMonoMs: number;
  attributes: Record<string, AttributeValue>;
  /** error.type when the call failed. */
  error: string | undefined;
  /**
   * Attributes worth computing only for a trace the tail sampler keeps (hashing a query's result rows): called with
   * `deferredValue` when the request ends and its trace is kept, dropped (with the value) when it is not.
   */
  deferred?: DeferredAttributes | undefined;
  deferredValue?: unknown;
}

export type DeferredAttributes = (attributes: Record<string, AttributeValue>, value: unknown) => void;

/**
 * Everything recorded about one server request while it runs: its server span, its calls' child spans (at most
 * maxSpans; the rest are counted), how often each statement fingerprint repeated, and the dependency evidence
 * between its calls. Lives in the request's AsyncLocalStorage context; handed to the tail sampler when the response
 * finishes. Late calls (fire-and-forget after the response) still join it until it is exported.
 */
export class RequestTrace implements SampleCandidate {
  /** W3C ids, set by Tracer.begin (empty while the request is not traced). */
  traceId = '';
  spanId = '';
  /** The caller's span, when the request carried a valid traceparent. */
  parentSpanId: string | undefined = undefined;
  endMonoMs = Number.NaN;
  route: string | undefined = undefined;
  statusCode = 0;
  /** error.type when the request failed with a thrown error (a 5xx status alone also makes it an error). */
  error: string | undefined = undefined;
  /** Response body bytes sent, and the compression evidence: the response's and the client's encodings. */
  responseBytes: number | undefined = undefined;
  contentEncoding: string | undefined = undefined;
  acceptEncoding: string | undefined = undefined;
  readonly children: ChildSpan[] = [];
  droppedSpans = 0;
  /** Highest number of calls sharing one fingerprint (statement, or cache command + key prefix). */
  maxRepeats = 0;
  /** Set when the request finishes (Tracer.finishRequest): what the tail sampler reads. */
  routeKey = '';
  isError = false;
  repeatedQuery = false;
  #repeats: Map<string, number> | undefined = undefined;
  #evidence: DependencyEvidence | undefined = undefined;
  /** Whether the tail sampler took the finished request (undefined while it runs). */
  #kept: boolean | undefined = undefined;

  constructor(
    readonly method: string,
    /** Request target as received (path and query). */
    readonly url: string,
    readonly startWallMs: number,
    readonly startMonoMs: number,
  ) {}

  /** The trace is its own sampling candidate (no per-request wrapper object); see FinishedTrace. */
  get trace(): RequestTrace {
    return this;
  }

  get durationMs(): number {
    return this.endMonoMs - this.startMonoMs;
  }

  /** Adds a finished call's span; returns false (and counts it) past `maxSpans`. */
  addChild(span: ChildSpan, maxSpans: number): boolean {
    if (this.children.length >= maxSpans) {
      this.droppedSpans++;
      return false;
    }
    this.children.push(span);
    // A call finishing after its request ended (fire-and-forget): the sampler has decided already.
    if (this.#kept !== undefined && span.deferred !== undefined) settle(span, this.#kept);
    return true;
  }

  /** The sampler's verdict, once the request ended: deferred attributes are computed (kept) or dropped. */
  settle(kept: boolean): void {
    this.#kept = kept;
    const children = this.children;
    for (let i = 0; i < children.length; i++) if (children[i]!.deferred !== undefined) settle(children[i]!, kept);
  }

  countRepeat(fingerprint: string): void {
    this.#repeats ??= new Map();
    const n = (this.#repeats.get(fingerprint) ?? 0) + 1;
    // Bounded: a request with thousands of distinct statements keeps counting the ones it has seen.
    if (n > 1 || this.#repeats.size < 512) this.#repeats.set(fingerprint, n);
    if (n > this.maxRepeats) this.maxRepeats = n;
  }

  /**
   * Drops what only matters while the request runs (repeat counts, dependency evidence), so a trace waiting in the
   * sampler holds just its spans. A call finishing later starts them afresh.
   */
  release(): void {
    this.#repeats = undefined;
    this.#evidence = undefined;
  }

  /** Created on first use; the URL's path segments and query values start out known. */
  evidence(): DependencyEvidence {
    if (!this.#evidence) {
      this.#evidence = new DependencyEvidence();
      this.#evidence.know(urlKeys(this.url));
    }
    return this.#evidence;
  }
}

function settle(span: ChildSpan, kept: boolean): void {
  const deferred = span.deferred!;
  const value = span.deferredValue;
  span.deferred = undefined;
  span.deferredValue = undefined;
  if (!kept) return;
  try {
    deferred(span.attributes, value);
  } catch {}
}
