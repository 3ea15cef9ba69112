import type { Meter } from '../metrics/meter.js';
import { type AgentStats, emptyStats } from './agent-stats.js';

// stat → [metric name, unit]; each is sent as a delta counter so the metrics service can sum across instances.
const SELF_METRICS: Record<keyof AgentStats, [string, string]> = {
  exportedBatches: ['stride.agent.exported_batches', '{batch}'],
  failedExports: ['stride.agent.failed_exports', '{export}'],
  droppedBatches: ['stride.agent.dropped_batches', '{batch}'],
  droppedPoints: ['stride.agent.dropped_points', '{point}'],
  rejectedPoints: ['stride.agent.rejected_points', '{point}'],
  overflowedSeries: ['stride.agent.overflowed_series', '{measurement}'],
  keptTraces: ['stride.agent.kept_traces', '{trace}'],
  droppedTraces: ['stride.agent.dropped_traces', '{trace}'],
  droppedSpans: ['stride.agent.dropped_spans', '{span}'],
  exportedTraceBatches: ['stride.agent.exported_trace_batches', '{batch}'],
  failedTraceExports: ['stride.agent.failed_trace_exports', '{export}'],
  droppedTraceBatches: ['stride.agent.dropped_trace_batches', '{batch}'],
  rejectedSpans: ['stride.agent.rejected_spans', '{span}'],
};

/**
 * Reports the agent's own counters as `stride.agent.*` metrics: each collection carries the increase since the
 * previous one (zeros included, so a healthy agent is visibly healthy). Returns a stop function.
 */
export function startSelfMetrics(meter: Meter, readStats: () => AgentStats): () => void {
  const counters = Object.entries(SELF_METRICS).map(([stat, [name, unit]]) => ({
    stat: stat as keyof AgentStats,
    counter: meter.counter({ name, unit, description: `Stride agent ${stat}.` }),
  }));
  let reported = emptyStats();
  return meter.beforeCollect(() => {
    const now = readStats();
    for (const { stat, counter } of counters) counter.record('', {}, now[stat] - reported[stat]);
    reported = now;
  });
}
