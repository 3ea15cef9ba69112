import type { OtlpMetric } from '../otlp/types.js';
import type { Attributes } from './attributes.js';
import {
  type CollectionInterval,
  type MetricDescriptor,
  type MetricKind,
  type MetricKindName,
  metricKinds,
} from './metric-kinds.js';
import { SeriesTable } from './series-table.js';

/** A named metric the agent records into. `key` identifies the attribute set cheaply on the hot path. */
export interface Instrument {
  readonly descriptor: MetricDescriptor;
  record(key: string, attributes: Attributes, value: number): void;
}

interface Registered {
  instrument: Instrument;
  /** Empties the series table now; the returned function builds the OTLP metric from what was drained. */
  drain(interval: CollectionInterval): () => OtlpMetric | undefined;
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
    return this.drain(interval, onObserverError)
      .map((toMetric) => toMetric())
      .filter((metric) => metric !== undefined);
  }

  /**
   * Like collect, but only the draining happens now (that is the interval boundary); each returned function
   * converts one instrument's drained series, so a caller can yield to the event loop between instruments.
   */
  drain(interval: CollectionInterval, onObserverError: (err: unknown) => void): Array<() => OtlpMetric | undefined> {
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
    const registered = bind(metricKinds[kindName] as MetricKind<unknown>, descriptor, this.options.maxSeries, () => {
      this.#overflowedMeasurements++;
    });
    this.#instruments.set(descriptor.name, registered);
    return registered.instrument;
  }
}

function bind<A>(kind: MetricKind<A>, descriptor: MetricDescriptor, maxSeries: number, onOverflow: () => void) {
  const { aggregator } = kind;
  const table = new SeriesTable(() => aggregator.create(), maxSeries, onOverflow);
  const instrument: Instrument = {
    descriptor,
    record: (key, attributes, value) => aggregator.record(table.get(key, attributes), value),
  };
  const drain = (interval: CollectionInterval) => {
    const series = table.drain();
    return () => kind.toMetric(descriptor, series, interval);
  };
  return { instrument, drain } satisfies Registered;
}
