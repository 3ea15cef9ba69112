import type { DrainedMetric } from '../metrics/meter.js';
import type { OtlpMetric } from '../otlp/types.js';

/**
 * Groups one collection's drained metrics into export batches of at most `maxPoints` data points, building a
 * batch's OTLP objects only when the caller pulls it: a flush holds one batch as objects at a time, not the whole
 * interval (3,000 histogram points are ~10 MB as objects; a 500-point batch ~1.5 MB), and each batch's encoding
 * (synchronous, tens of µs per histogram point) blocks the host's event loop for a slice of a few tens of ms.
 * A metric with more series than fit is split into entries of the same name; its accumulators are released for
 * reuse once its last slice is built. Example, maxPoints 2: a(3 series), b(1) → [a(2)], [a(1), b(1)].
 */
export function* metricBatches(drained: readonly DrainedMetric[], maxPoints: number): Generator<OtlpMetric[]> {
  let batch: OtlpMetric[] = [];
  let room = maxPoints;
  for (const metric of drained) {
    try {
      for (let start = 0; start < metric.seriesCount; ) {
        const end = Math.min(metric.seriesCount, start + room);
        const built = metric.toMetric(start, end);
        start = end;
        if (built) {
          batch.push(built);
          room -= countPoints(built);
        }
        if (room <= 0) {
          yield batch;
          batch = [];
          room = maxPoints;
        }
      }
    } finally {
      metric.release();
    }
  }
  if (batch.length > 0) yield batch;
}

/** Data points of one metric, whatever its kind. */
export function countPoints(metric: OtlpMetric): number {
  const data = metric.gauge ?? metric.sum ?? metric.histogram ?? metric.exponentialHistogram ?? metric.summary;
  return data?.dataPoints?.length ?? 0;
}
