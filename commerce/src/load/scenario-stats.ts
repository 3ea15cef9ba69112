import { ExponentialHistogram } from '@stride/agent';

/** One request on the wire: created when it is built, settled by its answer or by the timeout sweep. */
export interface InFlightRequest {
  readonly scenario: string;
  /** Monotonic send time, ms (performance.now()). */
  readonly startMs: number;
  settled: boolean;
}

/** Counts and latencies of one scenario. `requests` includes the ones that never got an answer. */
export interface ScenarioTally {
  readonly name: string;
  requests: number;
  /** Unexpected statuses plus unanswered requests. */
  errors: number;
  /** Requests with no answer within the timeout (included in `errors`). */
  unanswered: number;
  /** Answers by status code, e.g. { 201: 40, 409: 2 }. */
  readonly statuses: Map<number, number>;
  /** Latency of every answered request, milliseconds. */
  readonly latencyMs: ExponentialHistogram;
}

export interface ScenarioStatsOptions {
  /** Per scenario, the statuses that count as success. */
  expectedStatuses: Readonly<Record<string, readonly number[]>>;
  /**
   * Requests tracked while unanswered. A target that resets every connection makes the client rebuild a request
   * per reconnect; past this the oldest are settled as unanswered at once, so memory stays bounded.
   */
  maxInFlight?: number;
}

/**
 * Per-scenario request accounting for a mixed load run. Every request is timed from being built to its answer,
 * so each scenario has its own latency distribution — not a share of one global histogram.
 */
export class ScenarioStats {
  private readonly tallies = new Map<string, ScenarioTally>();
  private readonly expected = new Map<string, ReadonlySet<number>>();
  /** Insertion-ordered: the first entries are the oldest. */
  private readonly inFlight = new Set<InFlightRequest>();
  private readonly maxInFlight: number;
  private _evicted = 0;

  constructor({ expectedStatuses, maxInFlight = 100_000 }: ScenarioStatsOptions) {
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1)
      throw new RangeError(`maxInFlight must be ≥ 1, got ${maxInFlight}`);
    this.maxInFlight = maxInFlight;
    for (const [name, statuses] of Object.entries(expectedStatuses)) {
      this.expected.set(name, new Set(statuses));
      this.tallies.set(name, {
        name,
        requests: 0,
        errors: 0,
        unanswered: 0,
        statuses: new Map(),
        latencyMs: new ExponentialHistogram(),
      });
    }
  }

  /** Requests settled as unanswered because the in-flight set was full. */
  get evicted(): number {
    return this._evicted;
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  start(scenario: string, nowMs: number): InFlightRequest {
    if (!this.tallies.has(scenario)) throw new RangeError(`unknown scenario ${scenario}`);
    if (this.inFlight.size >= this.maxInFlight) {
      const oldest = this.inFlight.values().next().value as InFlightRequest;
      this.settleUnanswered(oldest);
      this._evicted++;
    }
    const request: InFlightRequest = { scenario, startMs: nowMs, settled: false };
    this.inFlight.add(request);
    return request;
  }

  /** Records the answer; an answer arriving after the request was swept as unanswered is ignored. */
  finish(request: InFlightRequest, status: number, nowMs: number): void {
    if (request.settled) return;
    request.settled = true;
    this.inFlight.delete(request);
    const tally = this.tallyOf(request.scenario);
    tally.requests++;
    tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + 1);
    if (!this.expected.get(request.scenario)?.has(status)) tally.errors++;
    tally.latencyMs.record(Math.max(0, nowMs - request.startMs));
  }

  /** Settles requests older than the timeout as unanswered (errors); returns how many. */
  sweep(nowMs: number, timeoutMillis: number): number {
    let swept = 0;
    for (const request of this.inFlight) {
      if (nowMs - request.startMs < timeoutMillis) break; // the rest are younger
      this.settleUnanswered(request);
      swept++;
    }
    return swept;
  }

  /** End of run: requests still on the wire were cut off by the stop, not failed by the target; forget them. */
  discardInFlight(): number {
    const discarded = this.inFlight.size;
    for (const request of this.inFlight) request.settled = true;
    this.inFlight.clear();
    return discarded;
  }

  tally(name: string): Readonly<ScenarioTally> {
    return this.tallyOf(name);
  }

  /** Every scenario, in the order the constructor was given them. */
  all(): ReadonlyArray<Readonly<ScenarioTally>> {
    return [...this.tallies.values()];
  }

  totals(): { requests: number; errors: number } {
    let requests = 0;
    let errors = 0;
    for (const tally of this.tallies.values()) {
      requests += tally.requests;
      errors += tally.errors;
    }
    return { requests, errors };
  }

  private settleUnanswered(request: InFlightRequest): void {
    request.settled = true;
    this.inFlight.delete(request);
    const tally = this.tallyOf(request.scenario);
    tally.requests++;
    tally.errors++;
    tally.unanswered++;
  }

  private tallyOf(name: string): ScenarioTally {
    const tally = this.tallies.get(name);
    if (!tally) throw new RangeError(`unknown scenario ${name}`);
    return tally;
  }
}
