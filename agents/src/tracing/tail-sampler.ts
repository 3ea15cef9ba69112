/** Why a trace was kept; exported as `stride.sampling.reason` on its server span. */
export type SamplingReason = 'error' | 'repeated-query' | 'slowest' | 'random';

/** What the sampler needs to know about a finished request. */
export interface SampleCandidate {
  /** `GET /products/:id`; requests that matched no route share `GET`. */
  readonly routeKey: string;
  readonly durationMs: number;
  /** Status ≥ 500, or a thrown error. */
  readonly isError: boolean;
  /** Some statement fingerprint ran at least repeatedQueryThreshold times. */
  readonly repeatedQuery: boolean;
  /** 32 hex digits; its low 52 bits drive the random share (see keepsAtRandom). */
  readonly traceId: string;
}

export interface TailSamplerOptions {
  /** Slowest traces kept per route per interval. */
  slowestPerRoute?: number;
  /** Share of all traces kept at random, 0…1. */
  randomShare?: number;
  /** Traces kept per interval, all reasons together; past it, traces are dropped and counted. */
  maxTracesPerInterval?: number;
  /** Routes tracked for `slowest` per interval; further routes share one slot. */
  maxRoutes?: number;
}

export interface SampledInterval<T> {
  startMs: number;
  endMs: number;
  kept: Array<{ trace: T; reason: SamplingReason }>;
}

const OTHER_ROUTES = '\u0000other';
const TWO_POW_52 = 2 ** 52;

/**
 * Tail sampling: decides after a request finished whether its trace is exported. Per interval (the time between
 * two drains) it keeps every error, every request with a repeated query, a random share, and the slowest K of each
 * route — the last only known when the interval ends, so traces wait here until drain. Pure: time comes in as
 * arguments, randomness from the trace id.
 *
 * Budget: at most maxTracesPerInterval traces are held. When full, a new error / repeated / random trace evicts
 * a held `slowest` candidate if there is one (that candidate is counted as dropped), otherwise it is dropped and
 * counted; a new slowest candidate only replaces a faster one of its own route. Example, K = 2, one route:
 * durations 5, 9, 7 → holds 9 and 7 (5 was displaced, not dropped: it was never among the slowest).
 */
export class TailSampler<T extends SampleCandidate> {
  readonly #slowestPerRoute: number;
  readonly #randomShare: number;
  readonly #maxTraces: number;
  readonly #maxRoutes: number;
  #immediate: Array<{ trace: T; reason: SamplingReason }> = [];
  /** Route key → that route's slowest candidates, fastest first. */
  #slowest = new Map<string, T[]>();
  #slowestCount = 0;
  #dropped = 0;
  #intervalStartMs: number;

  constructor(options: TailSamplerOptions, startMs: number) {
    const { slowestPerRoute = 5, randomShare = 0.01, maxTracesPerInterval = 200, maxRoutes = 1000 } = options;
    this.#slowestPerRoute = slowestPerRoute;
    this.#randomShare = randomShare;
    this.#maxTraces = maxTracesPerInterval;
    this.#maxRoutes = maxRoutes;
    this.#intervalStartMs = startMs;
  }

  /** Traces lost to the budget since construction. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Traces held for the current interval. */
  get size(): number {
    return this.#immediate.length + this.#slowestCount;
  }

  /** Takes a finished request; true when it is held (kept for now), false when it was let go or dropped. */
  offer(trace: T): boolean {
    const reason = this.#immediateReason(trace);
    if (reason) {
      if (this.size >= this.#maxTraces && !this.#evictSlowestCandidate()) {
        this.#dropped++;
        return false;
      }
      this.#immediate.push({ trace, reason });
      return true;
    }
    if (this.#slowestPerRoute === 0) return false;
    const key =
      this.#slowest.has(trace.routeKey) || this.#slowest.size < this.#maxRoutes ? trace.routeKey : OTHER_ROUTES;
    const list = this.#slowest.get(key);
    if (list && list.length >= this.#slowestPerRoute) {
      if (trace.durationMs <= list[0]!.durationMs) return false;
      list.shift();
      insertByDuration(list, trace);
      return true;
    }
    if (this.size >= this.#maxTraces) {
      this.#dropped++;
      return false;
    }
    if (list) insertByDuration(list, trace);
    else this.#slowest.set(key, [trace]);
    this.#slowestCount++;
    return true;
  }

  /** Ends the interval at `nowMs`: returns what it kept (immediate reasons first) and starts an empty one. */
  drain(nowMs: number): SampledInterval<T> {
    const kept = this.#immediate;
    for (const list of this.#slowest.values()) {
      for (let i = list.length - 1; i >= 0; i--) kept.push({ trace: list[i]!, reason: 'slowest' });
    }
    const interval = { startMs: this.#intervalStartMs, endMs: nowMs, kept };
    this.#immediate = [];
    this.#slowest = new Map();
    this.#slowestCount = 0;
    this.#intervalStartMs = nowMs;
    return interval;
  }

  #immediateReason(trace: T): SamplingReason | undefined {
    if (trace.isError) return 'error';
    if (trace.repeatedQuery) return 'repeated-query';
    if (keepsAtRandom(trace.traceId, this.#randomShare)) return 'random';
    return undefined;
  }

  #evictSlowestCandidate(): boolean {
    for (const [key, list] of this.#slowest) {
      list.shift();
      if (list.length === 0) this.#slowest.delete(key);
      this.#slowestCount--;
      this.#dropped++;
      return true;
    }
    return false;
  }
}

/**
 * The random share as a function of the trace id (low 52 bits as a fraction of 2^52 below `share`), so every
 * service of one trace makes the same decision and a randomly kept trace is complete across services.
 */
export function keepsAtRandom(traceId: string, share: number): boolean {
  if (share >= 1) return true;
  if (share <= 0) return false;
  const low = Number.parseInt(traceId.slice(-13), 16);
  return Number.isFinite(low) && low / TWO_POW_52 < share;
}

function insertByDuration<T extends SampleCandidate>(list: T[], trace: T): void {
  let i = list.length;
  while (i > 0 && list[i - 1]!.durationMs > trace.durationMs) i--;
  list.splice(i, 0, trace);
}
