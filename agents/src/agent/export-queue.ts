import type { ExportOutcome } from '../otlp/otlp-exporter.js';
import type { OtlpMetricsRequest } from '../otlp/types.js';
import type { AgentLogger } from './agent-options.js';
import type { AgentStats } from './agent-stats.js';
import { BoundedQueue } from './bounded-queue.js';
import type { Clock } from './clock.js';

interface Batch<R> {
  request: R;
  /** Data points or spans in the request. */
  items: number;
}

/** The AgentStats fields one queue counts into, so the metrics and the traces queue share the code. */
export interface QueueCounters {
  exported: keyof AgentStats;
  failed: keyof AgentStats;
  droppedBatches: keyof AgentStats;
  droppedItems: keyof AgentStats;
  rejectedItems: keyof AgentStats;
}

export const METRICS_COUNTERS: QueueCounters = {
  exported: 'exportedBatches',
  failed: 'failedExports',
  droppedBatches: 'droppedBatches',
  droppedItems: 'droppedPoints',
  rejectedItems: 'rejectedPoints',
};

export interface ExportQueueDeps<R> {
  exporter: { export(request: R): Promise<ExportOutcome> };
  /** Items in a request (what a dropped batch costs); defaults to the data points of a metrics request. */
  countItems?: (request: R) => number;
  /** Defaults to METRICS_COUNTERS. */
  counters?: QueueCounters;
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
export class ExportQueue<R = OtlpMetricsRequest> {
  readonly #queue: BoundedQueue<Batch<R>>;
  readonly #countItems: (request: R) => number;
  readonly #counters: QueueCounters;
  #loop: Promise<void> | undefined;
  #again = false;
  #pausedUntilMs = Number.NEGATIVE_INFINITY;
  #failing = false;

  constructor(private readonly deps: ExportQueueDeps<R>) {
    this.#queue = new BoundedQueue(deps.maxBufferedBatches);
    this.#countItems = deps.countItems ?? (countDataPoints as (request: R) => number);
    this.#counters = deps.counters ?? METRICS_COUNTERS;
  }

  get bufferedBatches(): number {
    return this.#queue.length;
  }

  enqueue(request: R): void {
    this.#countDropped(this.#queue.push({ request, items: this.#countItems(request) }));
  }

  /** Counts a batch of `items` that never reached the buffer (it could not be encoded): failed, and dropped. */
  reject(items: number, reason: string): void {
    this.deps.stats[this.#counters.failed]++;
    this.#countDropped({ items });
    this.#failed(`refused: ${reason}; the batch was dropped`);
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
    const counters = this.#counters;
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
        stats[counters.exported]++;
        stats[counters.rejectedItems] += outcome.rejectedItems;
        this.#recovered(outcome.errorMessage);
        continue;
      }
      stats[counters.failed]++;
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

  #countDropped(batch: Pick<Batch<R>, 'items'> | undefined): void {
    if (!batch) return;
    this.deps.stats[this.#counters.droppedBatches]++;
    this.deps.stats[this.#counters.droppedItems] += batch.items;
  }

  // Log transitions only, so an endpoint outage costs one line, not one per flush.
  #failed(message: string): void {
    if (this.#failing) return;
    this.#failing = true;
    this.deps.logger.warn(`stride agent: export to ${this.deps.url} ${message}`);
  }

  #recovered(partialMessage: string | undefined): void {
    if (partialMessage) this.deps.logger.warn(`stride agent: ${this.deps.url} rejected some items: ${partialMessage}`);
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
