import type { MetricDataField } from '../otlp/metrics-writer.js';
import type { OtlpKeyValue, OtlpMetric } from '../otlp/types.js';
import { type Attributes, toKeyValues } from './attributes.js';
import {
  type CollectionInterval,
  type MetricDescriptor,
  type MetricKind,
  type MetricKindName,
  metricKinds,
  type OtlpDataPoint,
  toMetric,
} from './metric-kinds.js';
import { SeriesTable } from './series-table.js';

/** A named metric the agent records into. `key` identifies the attribute set cheaply on the hot path. */
export interface Instrument {
  readonly descriptor: MetricDescriptor;
  record(key: string, attributes: Attributes, value: number): void;
}

/**
 * One instrument's series, drained at an interval boundary. Read a point at a time (`point(i)`), so a caller can
 * write each straight into an export request and hold no more than one as objects; `release()` hands the
 * accumulators back for reuse once every point was read.
 */
export interface DrainedMetric {
  readonly descriptor: MetricDescriptor;
  /** The OTLP data field its points go in, and that field's settings (temporality, monotonicity). */
  readonly field: MetricDataField;
  readonly header: MetricKind<unknown>['header'];
  readonly seriesCount: number;
  /** Series `i` as an OTLP data point; undefined when it holds no data. */
  point(i: number): OtlpDataPoint | undefined;
  /** Every series as one OTLP metric; undefined when none holds data. */
  toMetric(): OtlpMetric | undefined;
  release(): void;
}

interface Registered {
  instrument: Instrument;
  /** Empties the series table now (the interval boundary). */
  drain(interval: CollectionInterval): DrainedMetric;
}

export interface MeterOptions {
  /** Series per metric, overflow series included (see SeriesTable). */
  maxSeries: number;
}

/**
 * Owns the agent's instruments and turns one interval's measurements into OTLP metrics. Observers registered
 * with `beforeCollect` sample levels (heap, event loop) right before each collection.
 */
export class Meter {
  #instruments = new Map<string, Registered>();
  #observers: Array<() => void> = [];
  #overflowedMeasurements = 0;
  /**
   * Each attribute set's OTLP KeyValues, made once: instrumentations reuse one attributes object per series (and
   * share it across instruments), so a flush writes thousands of points without building their attributes again
   * (garbage that, made during a flush under load, tends to be promoted and wait for a major GC).
   */
  readonly #keyValues = new WeakMap<Attributes, OtlpKeyValue[]>();
  readonly #keyValuesOf = (attributes: Attributes): OtlpKeyValue[] => {
    let keyValues = this.#keyValues.get(attributes);
    if (keyValues === undefined) {
      keyValues = toKeyValues(attributes);
      this.#keyValues.set(attributes, keyValues);
    }
    return keyValues;
  };

  constructor(private readonly options: MeterOptions) {}

  histogram(descriptor: MetricDescriptor): Instrument {
    return this.#register('histogram', descriptor);
  }

  counter(descriptor: MetricDescriptor): Instrument {
    return this.#register('sum', descriptor);
  }

  gauge(descriptor: MetricDescriptor): Instrument {
    return this.#register('gauge', descriptor);
  }

  /** Runs before every collection; returns an unregister function. */
  beforeCollect(observer: () => void): () => void {
    this.#observers.push(observer);
    return () => {
      this.#observers = this.#observers.filter((o) => o !== observer);
    };
  }

  /** Measurements that went to an overflow series because their metric's series table was full. */
  get overflowedMeasurements(): number {
    return this.#overflowedMeasurements;
  }

  /** Drains every instrument: the returned metrics hold exactly the measurements since the previous collect. */
  collect(interval: CollectionInterval, onObserverError: (err: unknown) => void): OtlpMetric[] {
    const metrics: OtlpMetric[] = [];
    for (const drained of this.drain(interval, onObserverError)) {
      const metric = drained.toMetric();
      drained.release();
      if (metric) metrics.push(metric);
    }
    return metrics;
  }

  /**
   * Like collect, but only the draining happens now (that is the interval boundary); the caller converts each
   * instrument's series when it likes (see metric-batches.ts) and releases them after.
   */
  drain(interval: CollectionInterval, onObserverError: (err: unknown) => void): DrainedMetric[] {
    for (const observe of this.#observers) {
      try {
        observe();
      } catch (err) {
        onObserverError(err);
      }
    }
    return [...this.#instruments.values()].map(({ drain }) => drain(interval));
  }

  #register(kindName: MetricKindName, descriptor: MetricDescriptor): Instrument {
    const existing = this.#instruments.get(descriptor.name);
    if (existing) return existing.instrument;
    const registered = bind(
      metricKinds[kindName] as MetricKind<unknown>,
      descriptor,
      this.options.maxSeries,
      () => {
        this.#overflowedMeasurements++;
      },
      this.#keyValuesOf,
    );
    this.#instruments.set(descriptor.name, registered);
    return registered.instrument;
  }
}

function bind<A>(
  kind: MetricKind<A>,
  descriptor: MetricDescriptor,
  maxSeries: number,
  onOverflow: () => void,
  keyValuesOf: (attributes: Attributes) => OtlpKeyValue[],
) {
  const { aggregator } = kind;
  const table = new SeriesTable(aggregator, maxSeries, onOverflow);
  const instrument: Instrument = {
    descriptor,
    record: (key, attributes, value) => aggregator.record(table.get(key, attributes), value),
  };
  const drain = (interval: CollectionInterval): DrainedMetric => {
    const series = table.drain();
    let released = false;
    return {
      descriptor,
      field: kind.field,
      header: kind.header,
      seriesCount: series.length,
      point: (i) => {
        const one = series[i];
        return one && kind.toPoint(one, interval, keyValuesOf(one.attributes));
      },
      toMetric: () => toMetric(kind, descriptor, series, interval, keyValuesOf),
      release() {
        if (released) return;
        released = true;
        table.recycle(series);
      },
    };
  };
  return { instrument, drain } satisfies Registered;
}
