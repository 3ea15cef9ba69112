import type { AgentLogger } from '../agent/agent-options.js';
import type { AgentStats } from '../agent/agent-stats.js';
import type { Clock } from '../agent/clock.js';
import { EncodedExport } from '../agent/encoded-export.js';
import type { QueueCounters } from '../agent/export-queue.js';
import { encodeOwnTracesRequest } from '../otlp/codec.js';
import { type ExporterOptions, OtlpTracesExporter } from '../otlp/otlp-exporter.js';
import type { OtlpResource, OtlpScope, OtlpTracesRequest } from '../otlp/types.js';
import { TailSampler } from './tail-sampler.js';
import { collectTraces, countSpans } from './trace-export.js';
import { type FinishedTrace, Tracer } from './tracer.js';
import type { ResolvedTracingOptions } from './tracing-options.js';

const TRACE_COUNTERS: QueueCounters = {
  exported: 'exportedTraceBatches',
  failed: 'failedTraceExports',
  droppedBatches: 'droppedTraceBatches',
  droppedItems: 'droppedSpans',
  rejectedItems: 'rejectedSpans',
};

export interface TracePipelineDeps {
  options: ResolvedTracingOptions;
  exporter: ExporterOptions;
  clock: Clock;
  logger: AgentLogger;
  stats: AgentStats;
  resource: OtlpResource;
  scope: OtlpScope;
}

/**
 * Traces from request to endpoint: the Tracer records requests, the tail sampler keeps some per interval, and
 * each flush exports the kept ones through the same exporter (retries, backoff, Retry-After) and bounded buffer
 * as metrics, to `${endpoint}/v1/traces`.
 */
export class TracePipeline {
  readonly tracer: Tracer;
  readonly #sampler: TailSampler<FinishedTrace>;
  readonly #queue: EncodedExport<OtlpTracesRequest>;

  constructor(private readonly deps: TracePipelineDeps) {
    const { options, clock, logger, stats, exporter } = deps;
    this.#sampler = new TailSampler(options, clock.nowMs());
    this.tracer = new Tracer({
      clock,
      sampler: this.#sampler,
      maxSpansPerTrace: options.maxSpansPerTrace,
      repeatedQueryThreshold: options.repeatedQueryThreshold,
    });
    this.#queue = new EncodedExport(new OtlpTracesExporter(exporter), {
      counters: TRACE_COUNTERS,
      stats,
      clock,
      logger,
      maxBufferedBatches: options.maxBufferedBatches,
      url: exporter.url,
    });
  }

  /** Traces the sampler dropped for lack of room. */
  get droppedTraces(): number {
    return this.#sampler.dropped;
  }

  /**
   * Ends the sampling interval now, then encodes and buffers the kept traces one request at a time. Each request is
   * encoded synchronously and only its bytes wait for compression, so its span objects die young instead of
   * surviving into the old generation across the await (where they would pile up until a major GC).
   */
  async collect(): Promise<void> {
    const { clock, resource, scope, stats, exporter } = this.deps;
    const requests = collectTraces(this.#sampler, clock.nowMs(), { resource, scope, stats });
    for (let batch = encodeNext(requests, exporter.encoding); batch; batch = encodeNext(requests, exporter.encoding)) {
      await this.#queue.addEncoded(batch.body, batch.items);
    }
  }

  drain(): Promise<void> {
    return this.#queue.drain();
  }
}

/** The next request's bytes and span count; the request objects are unreachable once this returns. */
function encodeNext(
  requests: Iterator<OtlpTracesRequest>,
  encoding: ExporterOptions['encoding'],
): { body: Uint8Array; items: number } | undefined {
  const next = requests.next();
  if (next.done) return undefined;
  return { body: encodeOwnTracesRequest(next.value, encoding), items: countSpans(next.value) };
}
