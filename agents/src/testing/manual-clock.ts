import type { Clock } from '../agent/clock.js';

/**
 * Test clock: time moves only when a test calls advance() or code sleeps (sleep returns at once, having moved
 * time forward), and interval callbacks run only when a test calls tick(). Not part of the public API.
 */
export class ManualClock implements Clock {
  wallMs: number;
  monoMs = 0;
  readonly sleeps: number[] = [];
  readonly timers: Array<{ ms: number; fn: () => void; stopped: boolean }> = [];

  constructor(startWallMs = 1_700_000_000_000) {
    this.wallMs = startWallMs;
  }

  nowMs(): number {
    return this.wallMs;
  }

  monotonicMs(): number {
    return this.monoMs;
  }

  advance(ms: number): void {
    this.wallMs += ms;
    this.monoMs += ms;
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.advance(ms);
  }

  every(ms: number, fn: () => void): () => void {
    const timer = { ms, fn, stopped: false };
    this.timers.push(timer);
    return () => {
      timer.stopped = true;
    };
  }

  /** Runs every live interval callback once. */
  tick(): void {
    for (const timer of this.timers) if (!timer.stopped) timer.fn();
  }
}
