/** Cumulative counts since the agent started, from `agent.stats()`; also exported as `stride.agent.*` metrics. */
export interface AgentStats {
  /** Batches the endpoint accepted (2xx). */
  exportedBatches: number;
  /** Export calls that ended without success (retry budget exhausted, or refused). */
  failedExports: number;
  /** Batches thrown away: oldest dropped from the full buffer, or refused by the endpoint (4xx). */
  droppedBatches: number;
  /** Data points inside those dropped batches. */
  droppedPoints: number;
  /** Data points the endpoint reported as rejected in an OTLP partialSuccess. */
  rejectedPoints: number;
  /** Measurements sent to a metric's overflow series because it already had maxSeries series. */
  overflowedSeries: number;
  /** Request traces the tail sampler kept for export. */
  keptTraces: number;
  /** Traces the sampler would have kept but its per-interval budget (maxTracesPerInterval) was full. */
  droppedTraces: number;
  /** Spans not exported: past maxSpansPerTrace in one request, or inside dropped trace batches. */
  droppedSpans: number;
  /** Trace batches the endpoint accepted (2xx). */
  exportedTraceBatches: number;
  /** Trace export calls that ended without success. */
  failedTraceExports: number;
  /** Trace batches thrown away: oldest dropped from the full buffer, or refused by the endpoint. */
  droppedTraceBatches: number;
  /** Spans the endpoint reported as rejected in an OTLP partialSuccess. */
  rejectedSpans: number;
}

export const emptyStats = (): AgentStats => ({
  exportedBatches: 0,
  failedExports: 0,
  droppedBatches: 0,
  droppedPoints: 0,
  rejectedPoints: 0,
  overflowedSeries: 0,
  keptTraces: 0,
  droppedTraces: 0,
  droppedSpans: 0,
  exportedTraceBatches: 0,
  failedTraceExports: 0,
  droppedTraceBatches: 0,
  rejectedSpans: 0,
});
