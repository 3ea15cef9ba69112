import type { RequestHandler } from 'express';
import { z } from 'zod';

/**
 * Failures the payments service can be told to produce, for tests and demos of timeouts, retries and the
 * circuit breaker: `{ failNext: 3 }` answers the next 3 calls with failStatus; `{ delayMillis: 500 }` holds every
 * call that long first; `{ failureRate: 0.2 }` fails a random fifth of calls.
 */
export const faultSchema = z
  .object({
    failNext: z.number().int().min(0).max(1_000_000).default(0),
    failStatus: z.number().int().min(500).max(599).default(503),
    delayMillis: z.number().int().min(0).max(60_000).default(0),
    failureRate: z.number().min(0).max(1).default(0),
  })
  .strict();

export type FaultConfig = z.output<typeof faultSchema>;

const NO_FAULTS: FaultConfig = { failNext: 0, failStatus: 503, delayMillis: 0, failureRate: 0 };

export class FaultInjector {
  private config: FaultConfig = { ...NO_FAULTS };
  /** Calls answered with an injected failure so far. */
  injectedFailures = 0;

  constructor(private readonly random: () => number = Math.random) {}

  set(config: FaultConfig): void {
    this.config = { ...config };
  }

  clear(): void {
    this.config = { ...NO_FAULTS };
  }

  current(): FaultConfig {
    return { ...this.config };
  }

  middleware(): RequestHandler {
    return (_req, res, next) => {
      const { delayMillis } = this.config;
      const proceed = () => {
        const { failNext, failStatus, failureRate } = this.config;
        const fail = failNext > 0 || (failureRate > 0 && this.random() < failureRate);
        if (!fail) return next();
        if (failNext > 0) this.config.failNext = failNext - 1;
        this.injectedFailures++;
        res.status(failStatus).json({ error: { code: 'injected_fault', message: `injected ${failStatus}` } });
      };
      if (delayMillis > 0) setTimeout(proceed, delayMillis);
      else proceed();
    };
  }
}
