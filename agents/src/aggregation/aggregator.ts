/**
 * The one aggregation contract (after OpenTelemetry sdk-metrics' Aggregator): the agent records into
 * accumulators, the metrics service merges them into rollups and turns cumulative streams into deltas with
 * `diff`, and everything reads numbers through `toResult`. A new aggregation is a new entry in `aggregators`.
 *
 * Accumulators are plain mutable state; aggregators are stateless, so one instance serves every series.
 */
export type AggregationKind = 'histogram' | 'sum' | 'gauge';

export interface Aggregator<A, R = unknown> {
  readonly kind: AggregationKind;
  /** A fresh, empty accumulator. */
  create(): A;
  /** Adds one measurement. Non-finite values are ignored (they never reach a stored series). */
  record(acc: A, value: number): void;
  /** Folds `other` into `into` (other is left unchanged; when order matters, other is the later one). */
  merge(into: A, other: A): void;
  /**
   * current − earlier for two cumulative snapshots of one stream, as a new accumulator. Throws
   * CumulativeResetError when earlier is not contained in current (the stream was reset).
   */
  diff(current: A, earlier: A): A;
  /** Read-only plain-data view of the accumulator. */
  toResult(acc: A): R;
  /**
   * Empties `acc` in place, as if just created, keeping what it allocated (a histogram's bucket arrays): the agent
   * reuses each interval's accumulators for the next one instead of allocating thousands anew every flush.
   */
  reset(acc: A): void;
}
