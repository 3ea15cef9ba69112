import type { AgentLogger } from '../agent/agent-options.js';
import type { AgentStats } from '../agent/agent-stats.js';
import type { Clock } from '../agent/clock.js';
import { EncodedExport } from '../agent/encoded-export.js';
import type { QueueCounters } from '../agent/export-queue.js';
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

  /** Ends the sampling interval now, then encodes and buffers the kept traces one request at a time. */
  async collect(): Promise<void> {
    const { clock, resource, scope, stats } = this.deps;
    for (const request of collectTraces(this.#sampler, clock.nowMs(), { resource, scope, stats })) {
      await this.#queue.add(request, countSpans(request));
    }
  }

  drain(): Promise<void> {
    return this.#queue.drain();
  }
}
