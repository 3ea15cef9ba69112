/**
 * Every source of time the agent uses, passed in so tests drive time by argument instead of sleeping
 * (DESIGN convention 3). `systemClock` is the real one.
 */
export interface Clock {
  /** Wall-clock time, unix ms: stamps the start and end of exported intervals. */
  nowMs(): number;
  /** Monotonic ms with sub-ms resolution: measures durations, immune to wall-clock steps. */
  monotonicMs(): number;
  /** Resolves after `ms`; the export retry loop waits through it. */
  sleep(ms: number): Promise<void>;
  /** Calls `fn` every `ms` until the returned stop function runs. Must never keep the host process alive. */
  every(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  nowMs: () => Date.now(),
  monotonicMs: () => performance.now(),
  sleep: (ms) =>
    new Promise((resolve) => {
      setTimeout(resolve, ms).unref();
    }),
  every(ms, fn) {
    const timer = setInterval(fn, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};
