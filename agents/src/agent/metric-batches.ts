import type { DrainedMetric } from '../metrics/meter.js';
import type { MetricsBatchSink } from '../otlp/metrics-batch-sink.js';

/**
 * Cursor over one collection's drained metrics that writes them as export requests of at most `maxPoints` data
 * points, converting each series to an OTLP point only as it is written: a flush never holds more than one point as
 * objects (3,000 histogram points are ~10 MB as objects), and each request's encoding blocks the host's event loop
 * for one slice. A metric with more series than fit is split into entries of the same name; its accumulators are
 * released for reuse once its last series is written. Example, maxPoints 2: a(3 series), b(1) → [a(2)], [a(1), b(1)].
 */
export class MetricBatches {
  #metric = 0;
  #series = 0;

  constructor(
    private readonly drained: readonly DrainedMetric[],
    private readonly maxPoints: number,
  ) {}

  /** Writes the next request into `sink`: its bytes and data points, or undefined when everything was written. */
  next(sink: MetricsBatchSink): { body: Uint8Array; items: number } | undefined {
    let items = 0;
    sink.begin();
    while (items < this.maxPoints && this.#metric < this.drained.length) {
      const metric = this.drained[this.#metric]!;
      let open = false;
      while (items < this.maxPoints && this.#series < metric.seriesCount) {
        const point = metric.point(this.#series++);
        if (!point) continue;
        if (!open) sink.metric({ ...metric.descriptor, ...metric.header }, metric.field);
        open = true;
        sink.point(point);
        items++;
      }
      if (open) sink.endMetric();
      if (this.#series >= metric.seriesCount) {
        metric.release();
        this.#metric++;
        this.#series = 0;
      }
    }
    return items > 0 ? { body: sink.finish(), items } : undefined;
  }

  /** Releases what was not written (a collection that stopped early), so the accumulators are reused. */
  close(): void {
    for (let i = this.#metric; i < this.drained.length; i++) this.drained[i]!.release();
    this.#metric = this.drained.length;
  }
}
