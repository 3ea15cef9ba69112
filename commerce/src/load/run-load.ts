import autocannon from 'autocannon';
import type { CatalogSample } from './catalog-sample.js';
import { WeightedMix } from './mix.js';
import { type InFlightRequest, ScenarioStats } from './scenario-stats.js';
import { type PlanContext, SCENARIO_NAMES, SCENARIOS, type ScenarioName, scenarioWeights } from './scenarios.js';

export interface LoadTick {
  elapsedMs: number;
  requests: number;
  errors: number;
  /** Requests settled since the previous tick, per second. */
  recentRps: number;
}

export interface RunLoadOptions {
  /** Origin of the shop, e.g. `http://127.0.0.1:3000`. */
  targetUrl: string;
  catalog: CatalogSample;
  connections: number;
  /** Requests per second over all connections; undefined = each connection sends as soon as it has an answer. */
  overallRatePerSecond?: number | undefined;
  durationMillis: number;
  timeoutMillis: number;
  /** Scenario shares; defaults to the catalog-aware mix (browse 60, detail 25, pricing 10, checkout 5). */
  weights?: Readonly<Record<ScenarioName, number>>;
  /** Uniform in [0, 1). */
  random?: () => number;
  /** Monotonic clock, ms. */
  nowMs?: () => number;
  /** Unix time, ms (the summary's startedAt). */
  wallClockMs?: () => number;
  onTick?: (tick: LoadTick) => void;
  tickIntervalMillis?: number;
  /** Aborting ends the run early; its results are kept. */
  signal?: AbortSignal;
}

export interface LoadRunResult {
  stats: ScenarioStats;
  /** Unix ms. */
  startedAtMs: number;
  durationMs: number;
  stoppedEarly: boolean;
  /** Requests still unanswered when the run stopped (not counted: the stop cut them off). */
  discarded: number;
}

/** Per-connection context autocannon hands to setupRequest and, for the same request, to onResponse. */
interface ConnectionContext {
  request?: InFlightRequest;
}

/**
 * Drives the shop with the scenario mix on autocannon. Each connection picks a scenario per request; the request
 * is timed from setupRequest (called just before the write) to onResponse (called as the answer completes),
 * which autocannon runs for one request at a time per connection (pipelining 1), so each latency lands in its
 * own scenario's histogram.
 */
export async function runLoad(options: RunLoadOptions): Promise<LoadRunResult> {
  const {
    targetUrl,
    catalog,
    connections,
    overallRatePerSecond,
    durationMillis,
    timeoutMillis,
    weights = scenarioWeights(catalog),
    random = Math.random,
    nowMs = () => performance.now(),
    wallClockMs = Date.now,
    onTick,
    tickIntervalMillis = 1_000,
    signal,
  } = options;
  if (!Number.isInteger(connections) || connections < 1)
    throw new RangeError(`connections must be ≥ 1, got ${connections}`);
  if (!(durationMillis > 0)) throw new RangeError(`durationMillis must be > 0, got ${durationMillis}`);

  const mix = new WeightedMix(weights);
  const stats = new ScenarioStats({
    expectedStatuses: Object.fromEntries(SCENARIO_NAMES.map((name) => [name, SCENARIOS[name].expectedStatuses])),
  });
  const runId = `${wallClockMs().toString(36)}-${Math.floor(random() * 2 ** 32).toString(36)}`;
  let sequence = 0;
  const planContext: PlanContext = { catalog, random, uniqueKey: () => `load-${runId}-${++sequence}` };

  const startedAtMs = wallClockMs();
  const startMs = nowMs();
  let previous = { atMs: startMs, settled: 0 };
  let stoppedEarly = false;

  let settle: { resolve: () => void; reject: (err: Error) => void } | undefined;
  const finished = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const instance = autocannon(
    {
      url: targetUrl,
      connections,
      ...(overallRatePerSecond === undefined ? {} : { overallRate: overallRatePerSecond }),
      duration: durationMillis / 1000,
      timeout: Math.max(1, Math.ceil(timeoutMillis / 1000)),
      requests: [
        {
          setupRequest: (request, context) => {
            const scenario = mix.pick(random());
            const planned = SCENARIOS[scenario].plan(planContext);
            (context as ConnectionContext).request = stats.start(scenario, nowMs());
            return {
              ...request,
              method: planned.method,
              path: planned.path,
              // A fresh object: autocannon adds Content-Length to the headers it is given.
              headers: { ...planned.headers },
              body: planned.body ?? '',
            };
          },
          onResponse: (status, _body, context) => {
            const request = (context as ConnectionContext).request;
            if (request) stats.finish(request, status, nowMs());
          },
        },
      ],
    },
    (err) => (err ? settle?.reject(err instanceof Error ? err : new Error(String(err))) : settle?.resolve()),
  );

  const tick = () => {
    const now = nowMs();
    // autocannon replaces a timed-out connection without telling which request was lost; the sweep finds it.
    stats.sweep(now, timeoutMillis + 1_000);
    const { requests, errors } = stats.totals();
    const seconds = (now - previous.atMs) / 1000;
    const recentRps = seconds > 0 ? (requests - previous.settled) / seconds : 0;
    previous = { atMs: now, settled: requests };
    onTick?.({ elapsedMs: now - startMs, requests, errors, recentRps });
  };
  const ticker = setInterval(tick, tickIntervalMillis);
  const onAbort = () => {
    stoppedEarly = true;
    instance.stop();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort();

  try {
    await finished;
  } finally {
    clearInterval(ticker);
    signal?.removeEventListener('abort', onAbort);
  }
  const endMs = nowMs();
  stats.sweep(endMs, timeoutMillis + 1_000);
  const discarded = stats.discardInFlight();
  tick();
  return { stats, startedAtMs, durationMs: endMs - startMs, stoppedEarly, discarded };
}
