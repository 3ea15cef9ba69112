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
}

export const emptyStats = (): AgentStats => ({
  exportedBatches: 0,
  failedExports: 0,
  droppedBatches: 0,
  droppedPoints: 0,
  rejectedPoints: 0,
  overflowedSeries: 0,
});
