import type { Clock } from '@stride/agent';

/**
 * The proof's one wall clock, shared by the metrics service and both agents. At `speed` 1 it is the real clock.
 * Above 1 it runs faster from `originMs` on, so a CI run of seconds spans the ten 1-minute intervals per side
 * that validation needs: at speed 60 one real second is one minute of timestamps. Only timestamps are compressed;
 * durations (latencies, span lengths) stay real because the agent measures them on the monotonic clock, and
 * timers fire in real time (a 500 ms flush interval exports every 30 s of proof time at speed 60).
 * Example: origin 12:00:00, speed 60 → 5 real seconds later nowMs() says 12:05:00.
 */
export interface ProofClock extends Clock {
  speed: number;
  /** Proof time → real time, e.g. to wait until proof time reaches a minute boundary. */
  realDelayMs(proofMs: number): number;
}

export function createProofClock({ speed, originMs = Date.now() }: { speed: number; originMs?: number }): ProofClock {
  if (!(Number.isFinite(speed) && speed >= 1 && speed <= 600)) {
    throw new RangeError(`time speed must be a number from 1 to 600, got ${speed}`);
  }
  return {
    speed,
    nowMs: () => originMs + (Date.now() - originMs) * speed,
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
    realDelayMs: (proofMs) => Math.max(0, proofMs / speed),
  };
}
