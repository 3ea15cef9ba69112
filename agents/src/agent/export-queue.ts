import type { ExportOutcome } from '../otlp/metrics-exporter.js';
import type { OtlpMetricsRequest } from '../otlp/types.js';
import type { AgentLogger } from './agent-options.js';
import type { AgentStats } from './agent-stats.js';
import { BoundedQueue } from './bounded-queue.js';
import type { Clock } from './clock.js';

interface Batch {
  request: OtlpMetricsRequest;
  points: number;
}

export interface ExportQueueDeps {
  exporter: { export(request: OtlpMetricsRequest): Promise<ExportOutcome> };
  stats: AgentStats;
  clock: Clock;
  logger: AgentLogger;
  maxBufferedBatches: number;
  /** For log lines. */
  url: string;
}

/**
 * Buffers collected batches and sends them oldest first, one at a time. A batch whose retry budget runs out is
 * put back and the pass stops (the next flush tries again); while the endpoint asked to wait (Retry-After longer
 * than the budget) passes send nothing. The buffer is bounded: the oldest batch goes first, and is counted.
 */
export class ExportQueue {
  readonly #queue: BoundedQueue<Batch>;
  #loop: Promise<void> | undefined;
  #again = false;
  #pausedUntilMs = Number.NEGATIVE_INFINITY;
  #failing = false;

  constructor(private readonly deps: ExportQueueDeps) {
    this.#queue = new BoundedQueue(deps.maxBufferedBatches);
  }

  get bufferedBatches(): number {
    return this.#queue.length;
  }

  enqueue(request: OtlpMetricsRequest): void {
    this.#countDropped(this.#queue.push({ request, points: countDataPoints(request) }));
  }

  /**
   * Sends what is buffered. Calls during a pass share one promise that settles after a further pass has seen
   * everything enqueued before the call; never rejects.
   */
  drain(): Promise<void> {
    this.#again = true;
    this.#loop ??= (async () => {
      try {
        while (this.#again) {
          this.#again = false;
          await this.#pass().catch(() => {});
        }
      } finally {
        this.#loop = undefined;
      }
    })();
    return this.#loop;
  }

  async #pass(): Promise<void> {
    const { exporter, stats, clock } = this.deps;
    for (let batch = this.#queue.shift(); batch; batch = this.#queue.shift()) {
      if (clock.monotonicMs() < this.#pausedUntilMs) {
        this.#countDropped(this.#queue.unshift(batch));
        return;
      }
      let outcome: ExportOutcome;
      try {
        outcome = await exporter.export(batch.request);
      } catch (err) {
        outcome = { kind: 'retryLater', reason: (err as Error)?.message ?? String(err) };
      }
      if (outcome.kind === 'exported') {
        stats.exportedBatches++;
        stats.rejectedPoints += outcome.rejectedPoints;
        this.#recovered(outcome.errorMessage);
        continue;
      }
      stats.failedExports++;
      if (outcome.kind === 'refused') {
        this.#countDropped(batch);
        this.#failed(`refused: ${outcome.reason}; the batch was dropped`);
        continue;
      }
      if (outcome.retryAfterMillis !== undefined) this.#pausedUntilMs = clock.monotonicMs() + outcome.retryAfterMillis;
      this.#countDropped(this.#queue.unshift(batch));
      this.#failed(`failed: ${outcome.reason}; ${this.#queue.length} batch(es) buffered for the next flush`);
      return;
    }
  }

  #countDropped(batch: Batch | undefined): void {
    if (!batch) return;
    this.deps.stats.droppedBatches++;
    this.deps.stats.droppedPoints += batch.points;
  }

  // Log transitions only, so an endpoint outage costs one line, not one per flush.
  #failed(message: string): void {
    if (this.#failing) return;
    this.#failing = true;
    this.deps.logger.warn(`stride agent: export to ${this.deps.url} ${message}`);
  }

  #recovered(partialMessage: string | undefined): void {
    if (partialMessage) this.deps.logger.warn(`stride agent: endpoint rejected some points: ${partialMessage}`);
    if (!this.#failing) return;
    this.#failing = false;
    this.deps.logger.warn(`stride agent: export to ${this.deps.url} recovered`);
  }
}

/** Data points in a request; what a dropped batch costs in `droppedPoints`. */
export function countDataPoints(request: OtlpMetricsRequest): number {
  let points = 0;
  for (const rm of request.resourceMetrics ?? []) {
    for (const sm of rm.scopeMetrics ?? []) {
      for (const m of sm.metrics ?? []) {
        const data = m.gauge ?? m.sum ?? m.histogram ?? m.exponentialHistogram ?? m.summary;
        points += data?.dataPoints?.length ?? 0;
      }
    }
  }
  return points;
}
