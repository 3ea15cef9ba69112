import type { CatalogSample } from '../load/catalog-sample.js';
import { runLoad } from '../load/run-load.js';

export interface TrafficOptions {
  targetUrl: string;
  catalog: CatalogSample;
  ratePerSecond: number;
  /** Each window is one autocannon run; a long run is a chain of windows so nothing accumulates. */
  windowMillis?: number;
  timeoutMillis?: number;
  /** Told once per window that saw errors, e.g. `traffic: 3 of 600 requests failed in the last 60 s`. */
  onWindow?: (window: { requests: number; errors: number; durationMs: number }) => void;
  /** A window that could not run (the shop went away); the next one starts after retryDelayMillis. */
  onError?: (err: Error) => void;
  retryDelayMillis?: number;
}

export interface Traffic {
  /** Requests and errors since start, over finished windows. */
  totals(): { requests: number; errors: number };
  /** Ends the current window (within about a second) and resolves when the connections are closed. */
  stop(): Promise<void>;
}

/**
 * Gentle steady traffic with the load runner's scenario mix (browse 60%, detail 25%, pricing 10%, checkout 5%),
 * so the demo's dashboard has something to show. It uses autocannon's raw sockets, which the in-process Stride
 * agents do not record as outbound calls: the shop's dependencies show only what the shop itself calls.
 */
export function startTraffic({
  targetUrl,
  catalog,
  ratePerSecond,
  windowMillis = 60_000,
  timeoutMillis = 10_000,
  onWindow,
  onError,
  retryDelayMillis = 5_000,
}: TrafficOptions): Traffic {
  if (!Number.isInteger(ratePerSecond) || ratePerSecond < 1)
    throw new RangeError(`ratePerSecond must be an integer ≥ 1, got ${ratePerSecond}`);
  const controller = new AbortController();
  const totals = { requests: 0, errors: 0 };
  // One connection per 5 req/s: autocannon sends a connection's share at the start of each second.
  const connections = Math.max(1, Math.min(ratePerSecond, Math.ceil(ratePerSecond / 5)));
  const loop = (async () => {
    while (!controller.signal.aborted) {
      try {
        const run = await runLoad({
          targetUrl,
          catalog,
          connections,
          overallRatePerSecond: ratePerSecond,
          durationMillis: windowMillis,
          timeoutMillis,
          signal: controller.signal,
        });
        const window = { ...run.stats.totals(), durationMs: run.durationMs };
        totals.requests += window.requests;
        totals.errors += window.errors;
        onWindow?.(window);
      } catch (err) {
        onError?.(err instanceof Error ? err : new Error(String(err)));
        await abortableDelay(retryDelayMillis, controller.signal);
      }
    }
  })();
  return {
    totals: () => ({ ...totals }),
    stop: async () => {
      controller.abort();
      await loop;
    },
  };
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
