import { createTask, type ScheduledTask } from 'node-cron';
import type { ScheduledRunResult } from './analysis-runner.js';

export interface AnalysisSchedulerOptions {
  /** Cron expression (node-cron syntax, 5 or 6 fields), e.g. the default `*\/5 * * * *`. */
  cron: string;
  run: (nowMs: number) => Promise<ScheduledRunResult>;
  nowMs: () => number;
  onResult?: (result: ScheduledRunResult) => void;
  onError?: (err: Error) => void;
}

/**
 * The edge that runs the analysis on a schedule. Runs never overlap (a slow run makes the next tick skip), the
 * timer does not keep the process alive, and stop() ends it (server.close() calls it).
 */
export function startAnalysisScheduler({
  cron,
  run,
  nowMs,
  onResult = () => {},
  onError = () => {},
}: AnalysisSchedulerOptions): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const tick = async () => {
    try {
      onResult(await run(nowMs()));
    } catch (err) {
      onError(err instanceof Error ? err : new Error(String(err)));
    }
  };
  const task: ScheduledTask = createTask(
    cron,
    () => {
      running = tick().finally(() => {
        running = null;
      });
      return running;
    },
    { name: 'stride-analysis', noOverlap: true, unref: true },
  );
  void task.start();
  return {
    /** Stops the schedule and waits for a run in progress, so the stores can close after it. */
    async stop() {
      await task.destroy();
      await running;
    },
  };
}
