import { ExponentialHistogram, histogramAggregator, type SumAccumulator, sumAggregator } from '@stride/agent';
import { describe, expect, it } from 'vitest';
import { TemporalityConverter, type TemporalityConverterOptions } from './temporality-converter.js';

/** Seconds → unix nanoseconds, so the tables read in seconds. */
const s = (seconds: number) => BigInt(seconds) * 1_000_000_000n;

interface Step {
  note: string;
  stream?: string;
  start: number; // s; 0 = unknown
  time: number; // s
  value: number;
  /** Delta emitted, or null for nothing. */
  expect: number | null;
  reason: string;
}

function run(steps: Step[], options: Partial<TemporalityConverterOptions> = {}) {
  const converter = new TemporalityConverter({ startedAtMs: 50_000, ...options });
  for (const step of steps) {
    const tx = converter.begin(step.time * 1000);
    const out = tx.toDelta<SumAccumulator>(
      step.stream ?? 'a',
      { startNs: s(step.start), timeNs: s(step.time), value: { value: step.value } },
      sumAggregator,
    );
    expect({ note: step.note, delta: out.emit ? out.delta.value : null, reason: out.reason }).toEqual({
      note: step.note,
      delta: step.expect,
      reason: step.reason,
    });
  }
  return converter;
}

describe('TemporalityConverter (counters, explicit times in seconds)', () => {
  it('converts one stream: first point, steady increase, repeats, resets', () => {
    const converter = run([
      { note: 'first point, started after the converter', start: 100, time: 110, value: 5, expect: 5, reason: 'first' },
      { note: 'steady increase', start: 100, time: 120, value: 8, expect: 3, reason: 'increase' },
      { note: 'same export retried', start: 100, time: 120, value: 8, expect: null, reason: 'duplicate' },
      { note: 'older point arrives late', start: 100, time: 115, value: 6, expect: null, reason: 'stale' },
      { note: 'no change', start: 100, time: 130, value: 8, expect: 0, reason: 'increase' },
      { note: 'start moved: producer restarted', start: 125, time: 140, value: 2, expect: 2, reason: 'reset' },
      { note: 'late point of the old run', start: 100, time: 145, value: 9, expect: null, reason: 'stale' },
      { note: 'value fell, same start', start: 125, time: 150, value: 1, expect: 1, reason: 'reset' },
      { note: 'after the reset', start: 125, time: 160, value: 4, expect: 3, reason: 'increase' },
    ]);
    expect(converter.stats()).toMatchObject({ streams: 1, duplicates: 1, stale: 2, resets: 2, baselines: 0 });
  });

  it('keeps first points with an unknown start as baselines', () => {
    run([
      { note: 'unknown start', stream: 'u', start: 0, time: 110, value: 5, expect: null, reason: 'baseline' },
      { note: 'then deltas', stream: 'u', start: 0, time: 120, value: 9, expect: 4, reason: 'increase' },
      { note: 'unknown start, decrease', stream: 'u', start: 0, time: 130, value: 2, expect: 2, reason: 'reset' },
    ]);
  });

  // Regression: OTel JS stamps times in ms, so a stream first recorded in the millisecond of its first collection
  // arrives with start == time. Treating that as "unknown start" lost the whole first interval of such streams.
  it('counts a first point whose start equals its time (stream born in the collection millisecond)', () => {
    run([
      { note: 'start == time', stream: 'e', start: 110, time: 110, value: 30, expect: 30, reason: 'first' },
      { note: 'then deltas', stream: 'e', start: 110, time: 120, value: 33, expect: 3, reason: 'increase' },
    ]);
  });

  it("'auto' does not emit the first value of streams that started before the converter (restart safety)", () => {
    const steps: Step[] = [
      {
        note: 'started at 10 s, converter at 50 s',
        start: 10,
        time: 110,
        value: 500,
        expect: null,
        reason: 'baseline',
      },
      { note: 'then deltas', start: 10, time: 120, value: 510, expect: 10, reason: 'increase' },
    ];
    run(steps);
    run([{ ...steps[0]!, expect: 500, reason: 'first' }, steps[1]!], { initialValue: 'keep' });
    run([{ ...steps[0]!, start: 100, expect: null, reason: 'baseline' }], { initialValue: 'drop' });
  });

  it('keeps instances of one service apart (one stream each)', () => {
    run([
      { note: 'instance 1', stream: 'shop#1', start: 100, time: 110, value: 5, expect: 5, reason: 'first' },
      { note: 'instance 2', stream: 'shop#2', start: 105, time: 111, value: 7, expect: 7, reason: 'first' },
      { note: 'instance 1 again', stream: 'shop#1', start: 100, time: 120, value: 6, expect: 1, reason: 'increase' },
      { note: 'instance 2 again', stream: 'shop#2', start: 105, time: 121, value: 10, expect: 3, reason: 'increase' },
    ]);
  });

  it('bounds its streams (LRU) and never double counts a stream that comes back after eviction', () => {
    const converter = run(
      [
        { note: 'a', stream: 'a', start: 100, time: 110, value: 5, expect: 5, reason: 'first' },
        { note: 'b', stream: 'b', start: 100, time: 111, value: 5, expect: 5, reason: 'first' },
        { note: 'a touched', stream: 'a', start: 100, time: 112, value: 6, expect: 1, reason: 'increase' },
        { note: 'c evicts b', stream: 'c', start: 100, time: 113, value: 5, expect: 5, reason: 'first' },
        { note: 'b is back: baseline', stream: 'b', start: 100, time: 120, value: 9, expect: null, reason: 'baseline' },
        { note: 'b continues', stream: 'b', start: 100, time: 130, value: 10, expect: 1, reason: 'increase' },
        {
          note: 'a new stream after the horizon',
          stream: 'd',
          start: 125,
          time: 131,
          value: 2,
          expect: 2,
          reason: 'first',
        },
      ],
      { maxStreams: 2 },
    );
    expect(converter.stats().streams).toBe(2);
    expect(converter.stats().evictions).toBe(3);
  });

  it('forgets streams idle for longer than the TTL', () => {
    const converter = new TemporalityConverter({ startedAtMs: 0, streamTtlMillis: 60_000 });
    const tx = converter.begin(110_000);
    tx.toDelta('a', { startNs: s(100), timeNs: s(110), value: { value: 1 } }, sumAggregator);
    converter.begin(169_000);
    expect(converter.stats()).toMatchObject({ streams: 1, evictions: 0 });
    converter.begin(171_000);
    expect(converter.stats()).toMatchObject({ streams: 0, evictions: 1 });
  });

  it('rolls back a failed request so the retry converts the same delta, without undoing newer requests', () => {
    const converter = new TemporalityConverter({ startedAtMs: 0 });
    const point = (time: number, value: number) => ({ startNs: s(100), timeNs: s(time), value: { value } });
    converter.begin(110_000).toDelta('a', point(110, 5), sumAggregator);

    const failed = converter.begin(120_000);
    expect(failed.toDelta('a', point(120, 8), sumAggregator)).toMatchObject({ delta: { value: 3 } });
    failed.rollback();
    const retry = converter.begin(121_000);
    expect(retry.toDelta('a', point(120, 8), sumAggregator)).toMatchObject({ delta: { value: 3 } });

    const slow = converter.begin(130_000);
    slow.toDelta('a', point(130, 10), sumAggregator);
    converter.begin(140_000).toDelta('a', point(140, 15), sumAggregator); // a later request succeeds
    slow.rollback(); // must not restore the state before 130 s
    expect(converter.begin(150_000).toDelta('a', point(150, 16), sumAggregator)).toMatchObject({ delta: { value: 1 } });
  });

  it('validates its options', () => {
    expect(() => new TemporalityConverter({ startedAtMs: 0, maxStreams: 0 })).toThrow(/maxStreams/);
    expect(() => new TemporalityConverter({ startedAtMs: 0, streamTtlMillis: 0 })).toThrow(/streamTtlMillis/);
    expect(() => new TemporalityConverter({ startedAtMs: Number.NaN })).toThrow(/startedAtMs/);
  });
});

describe('TemporalityConverter (histograms)', () => {
  const hist = (values: number[]) => {
    const h = new ExponentialHistogram();
    for (const v of values) h.record(v);
    return h;
  };

  it('diffs cumulative histograms and treats a shrunken one as a reset', () => {
    const converter = new TemporalityConverter({ startedAtMs: 0 });
    const at = (time: number, values: number[], start = 100) => ({
      startNs: s(start),
      timeNs: s(time),
      value: hist(values),
    });
    const first = converter.begin(110_000).toDelta('h', at(110, [0.1, 0.2]), histogramAggregator);
    expect(first).toMatchObject({ emit: true, reason: 'first' });
    const second = converter.begin(120_000).toDelta('h', at(120, [0.1, 0.2, 0.4, 0.8]), histogramAggregator);
    expect(second.emit && second.delta.count).toBe(2);
    expect(second.emit && second.delta.sum).toBeCloseTo(1.2, 12);
    const reset = converter.begin(130_000).toDelta('h', at(130, [0.3]), histogramAggregator);
    expect(reset).toMatchObject({ emit: true, reason: 'reset' });
    expect(reset.emit && reset.delta.count).toBe(1);
  });

  it('keeps its own copy: mutating an emitted histogram does not change the next delta', () => {
    const converter = new TemporalityConverter({ startedAtMs: 0 });
    const first = converter
      .begin(110_000)
      .toDelta('h', { startNs: s(100), timeNs: s(110), value: hist([1, 2]) }, histogramAggregator);
    if (first.emit) first.delta.record(5, 100); // what a store merging into the point could do
    const next = converter
      .begin(120_000)
      .toDelta('h', { startNs: s(100), timeNs: s(120), value: hist([1, 2, 3]) }, histogramAggregator);
    expect(next).toMatchObject({ emit: true, reason: 'increase' });
    expect(next.emit && next.delta.count).toBe(1);
  });
});
