import { type Aggregator, CumulativeResetError } from '@stride/agent';
import { msToNanos } from './unix-nanos.js';

/**
 * The part of the aggregation contract conversion needs: `diff` (throws CumulativeResetError when the stream
 * was reset), and `create` + `merge` to take the converter's own copy of a value the store may later merge into.
 */
export type DiffingAggregator<A> = Pick<Aggregator<A>, 'create' | 'merge' | 'diff'>;

export interface CumulativePoint<V> {
  /** OTLP startTimeUnixNano; 0n when the producer did not say. */
  startNs: bigint;
  timeNs: bigint;
  value: V;
}

export type DeltaOutcome<V> =
  | { emit: true; delta: V; reason: 'first' | 'increase' | 'reset' }
  | { emit: false; reason: 'baseline' | 'duplicate' | 'stale' };

/**
 * First sighting of a stream whose start time is known and earlier than its time:
 * - 'keep': emit its whole value (the delta since start);
 * - 'drop': keep it only as the baseline;
 * - 'auto' (default, as the OpenTelemetry Collector's cumulativetodelta processor): emit only when the stream
 *   started after this converter did and after the last point of any evicted stream, so neither a restart of the
 *   metrics service nor the eviction of a stream that comes back can count the same increase twice. The cost is
 *   that a stream first seen long after its producer started loses its first interval.
 */
export type InitialValuePolicy = 'auto' | 'keep' | 'drop';

export interface TemporalityConverterOptions {
  /** When this converter (the metrics service) started, unix ms. */
  startedAtMs: number;
  /** Most streams remembered; the least recently seen is evicted first. Each holds one cumulative value. */
  maxStreams?: number;
  /** A stream not seen for this long is forgotten. Must exceed producers' export interval (OTel SDK: 60 s). */
  streamTtlMillis?: number;
  initialValue?: InitialValuePolicy;
}

export interface TemporalityStats {
  streams: number;
  evictions: number;
  baselines: number;
  duplicates: number;
  stale: number;
  resets: number;
}

interface StreamState {
  startNs: bigint;
  timeNs: bigint;
  value: unknown;
  lastSeenMs: number;
}

interface JournalEntry {
  key: string;
  previous: StreamState | undefined;
  next: StreamState;
}

/**
 * Cumulative → delta conversion per stream. A stream is one producer's time series: resource attributes + scope +
 * metric name + point attributes, so two instances of a service are two streams even though their deltas land
 * in one stored series. Worked example (times in s, one stream, start 100):
 *   t=110 value 5  → first sighting, started after the converter: emit 5
 *   t=120 value 8  → emit 3
 *   t=120 value 8  → the same export retried: emit nothing (duplicate)
 *   t=130 value 2, start 125 → start moved: the producer restarted, emit 2 (the delta since 125)
 *   t=140 value 1, start 125 → value fell without a start change: also a reset, emit 1
 * Bounded: at most `maxStreams` streams (LRU), idle ones dropped after `streamTtlMillis`; evictions are counted.
 */
export class TemporalityConverter {
  readonly #streams = new Map<string, StreamState>();
  readonly #startedAtNs: bigint;
  readonly #maxStreams: number;
  readonly #streamTtlMillis: number;
  readonly #initialValue: InitialValuePolicy;
  /** Latest start time of any evicted stream: first sightings starting at or before it may be returning streams. */
  #evictedHorizonNs = 0n;
  #cursor: MapIterator<[string, StreamState]> | undefined;
  #peeked: [string, StreamState] | undefined;
  readonly #counts = { evictions: 0, baselines: 0, duplicates: 0, stale: 0, resets: 0 };

  constructor({
    startedAtMs,
    maxStreams = 20_000,
    streamTtlMillis = 30 * 60_000,
    initialValue = 'auto',
  }: TemporalityConverterOptions) {
    if (!Number.isFinite(startedAtMs) || startedAtMs < 0) {
      throw new RangeError(`startedAtMs must be unix ms, got ${startedAtMs}`);
    }
    if (!Number.isInteger(maxStreams) || maxStreams < 1) {
      throw new RangeError(`maxStreams must be a positive integer, got ${maxStreams}`);
    }
    if (!(streamTtlMillis > 0)) throw new RangeError(`streamTtlMillis must be > 0, got ${streamTtlMillis}`);
    if (!['auto', 'keep', 'drop'].includes(initialValue)) {
      throw new RangeError(`initialValue must be 'auto', 'keep' or 'drop', got ${String(initialValue)}`);
    }
    this.#startedAtNs = msToNanos(startedAtMs);
    this.#maxStreams = maxStreams;
    this.#streamTtlMillis = streamTtlMillis;
    this.#initialValue = initialValue;
  }

  /**
   * Starts converting one request's points at `nowMs`. Conversions apply at once (later points of the same
   * request see earlier ones); `rollback()` undoes them when the points could not be stored, so the client's
   * retry converts the same deltas again instead of finding them already "seen".
   */
  begin(nowMs: number): ConversionTransaction {
    this.#expire(nowMs);
    return new ConversionTransaction(this, nowMs);
  }

  stats(): TemporalityStats {
    return { streams: this.#streams.size, ...this.#counts };
  }

  /** @internal used by ConversionTransaction */
  convert<V>(
    key: string,
    point: CumulativePoint<V>,
    aggregator: DiffingAggregator<V>,
    nowMs: number,
    journal: JournalEntry[],
  ): DeltaOutcome<V> {
    const previous = this.#streams.get(key);
    const outcome = this.#decide(previous, point, aggregator);
    if (outcome.emit === false && outcome.reason !== 'baseline') {
      outcome.reason === 'duplicate' ? this.#counts.duplicates++ : this.#counts.stale++;
      return outcome;
    }
    if (outcome.reason === 'baseline') this.#counts.baselines++;
    if (outcome.reason === 'reset') this.#counts.resets++;
    // The converter keeps its own copy when the caller's value is the emitted delta (the store may merge into it).
    const kept = outcome.emit && outcome.reason !== 'increase' ? copy(aggregator, point.value) : point.value;
    const startNs = point.startNs !== 0n ? point.startNs : (previous?.startNs ?? 0n);
    const next: StreamState = { startNs, timeNs: point.timeNs, value: kept, lastSeenMs: nowMs };
    this.#streams.delete(key); // re-inserting moves the stream to the most-recently-seen end
    this.#streams.set(key, next);
    journal.push({ key, previous, next });
    while (this.#streams.size > this.#maxStreams) this.#evictOldest();
    return outcome;
  }

  /** @internal used by ConversionTransaction */
  undo(journal: readonly JournalEntry[]): void {
    for (let i = journal.length - 1; i >= 0; i--) {
      const { key, previous, next } = journal[i]!;
      // Only undo what is still ours: a later request may have advanced the stream, or it may have been evicted.
      if (this.#streams.get(key) !== next) continue;
      this.#streams.delete(key); // re-inserted at the end, where the eviction cursor will still find it
      if (previous) this.#streams.set(key, previous);
    }
  }

  #decide<V>(
    state: StreamState | undefined,
    { startNs, timeNs, value }: CumulativePoint<V>,
    aggregator: DiffingAggregator<V>,
  ): DeltaOutcome<V> {
    if (!state) {
      return this.#emitsInitialValue(startNs, timeNs)
        ? { emit: true, delta: value, reason: 'first' }
        : { emit: false, reason: 'baseline' };
    }
    if (startNs !== 0n && state.startNs !== 0n && startNs !== state.startNs) {
      // An older start is a late point from a previous incarnation (or a second producer that shares this
      // stream's identity); counting it would count its increase twice, so it is dropped.
      if (startNs < state.startNs) return { emit: false, reason: 'stale' };
      return startNs <= timeNs ? { emit: true, delta: value, reason: 'reset' } : { emit: false, reason: 'baseline' };
    }
    if (timeNs === state.timeNs) return { emit: false, reason: 'duplicate' };
    if (timeNs < state.timeNs) return { emit: false, reason: 'stale' };
    try {
      return { emit: true, delta: aggregator.diff(value, state.value as V), reason: 'increase' };
    } catch (err) {
      // The value went down without a new start time: the producer restarted; the value is the delta since then.
      if (err instanceof CumulativeResetError) return { emit: true, delta: value, reason: 'reset' };
      throw err;
    }
  }

  #emitsInitialValue(startNs: bigint, timeNs: bigint): boolean {
    // Unknown start: the first value is only a baseline. start == time is a real start: SDKs stamp times in ms, so
    // a stream first recorded in the millisecond of its first collection carries start == time (OTel JS does).
    if (startNs === 0n || startNs > timeNs) return false;
    if (this.#initialValue === 'keep') return true;
    if (this.#initialValue === 'drop') return false;
    return startNs >= this.#startedAtNs && startNs > this.#evictedHorizonNs;
  }

  #expire(nowMs: number): void {
    const cutoff = nowMs - this.#streamTtlMillis;
    // Map order is least-recently-seen first, so the scan stops at the first live stream.
    for (let oldest = this.#oldest(); oldest && oldest[1].lastSeenMs < cutoff; oldest = this.#oldest()) {
      this.#evictOldest();
    }
  }

  /**
   * The least recently seen stream. A fresh `entries().next()` would skip every entry deleted from the front
   * since V8 last compacted the Map — quadratic under churn — so one live iterator walks forward instead.
   * Every stream behind it was evicted or moved to the end (updates delete and re-insert), so the next live
   * entry it yields is the oldest; the peeked entry is re-checked because it may have moved since.
   */
  #oldest(): [string, StreamState] | undefined {
    for (;;) {
      const peeked = this.#peeked;
      if (peeked && this.#streams.get(peeked[0]) === peeked[1]) return peeked;
      this.#cursor ??= this.#streams.entries();
      const next = this.#cursor.next();
      if (next.done) {
        this.#cursor = undefined;
        this.#peeked = undefined;
        return undefined;
      }
      this.#peeked = next.value;
    }
  }

  #evictOldest(): void {
    const oldest = this.#oldest();
    if (!oldest) return;
    const [key, state] = oldest;
    this.#streams.delete(key);
    this.#peeked = undefined;
    // A returning stream keeps its start time, so first sightings starting at or before this may be returns.
    if (state.startNs > this.#evictedHorizonNs) this.#evictedHorizonNs = state.startNs;
    this.#counts.evictions++;
  }
}

function copy<V>(aggregator: DiffingAggregator<V>, value: V): V {
  const own = aggregator.create();
  aggregator.merge(own, value);
  return own;
}

/** One request's conversions; see TemporalityConverter.begin. */
export class ConversionTransaction {
  readonly #journal: JournalEntry[] = [];
  constructor(
    private readonly converter: TemporalityConverter,
    private readonly nowMs: number,
  ) {}

  toDelta<V>(streamKey: string, point: CumulativePoint<V>, aggregator: DiffingAggregator<V>): DeltaOutcome<V> {
    return this.converter.convert(streamKey, point, aggregator, this.nowMs, this.#journal);
  }

  rollback(): void {
    this.converter.undo(this.#journal);
    this.#journal.length = 0;
  }
}
