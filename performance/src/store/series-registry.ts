import type { SeriesDescriptor } from '../ingest/points.js';
import type { SeriesQuery, SeriesRef } from './store.js';

/** Attributes of the series that takes every new attribute set of a metric once its cap is reached (OTel SDK name). */
export const OVERFLOW_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({ 'otel.metric.overflow': 'true' });

/**
 * Canonical form of an attribute set, independent of key order: JSON of the sorted [key, value] pairs.
 * Example: { route: '/a', method: 'GET' } → '[["method","GET"],["route","/a"]]'.
 */
export function attributesKey(attributes: Readonly<Record<string, string>>): string {
  const keys = Object.keys(attributes);
  for (let i = 1; i < keys.length; i++) {
    if ((keys[i - 1] as string) > (keys[i] as string)) {
      keys.sort();
      break;
    }
  }
  let key = '[';
  for (const [i, k] of keys.entries())
    key += `${i > 0 ? ',' : ''}[${jsonString(k)},${jsonString(attributes[k] as string)}]`;
  return `${key}]`;
}

/** JSON.stringify(s) for a string, without its cost in the common case (one lookup per point in the write path). */
function jsonString(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // What JSON.stringify escapes: controls, quote, backslash, and (possibly lone) surrogates.
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s);
  }
  return `"${s}"`;
}

export type SeriesResolution = { ref: SeriesRef; overflowed: boolean } | { rejected: string };

export interface SeriesRegistryOptions {
  maxSeriesPerMetric: number;
  /** Persists a new series and returns its id (or the id it already had, if another writer created it). */
  insert: (descriptor: SeriesDescriptor, attrsKey: string) => number;
}

/**
 * In-memory index of every stored series: resolves descriptors to ids without a query per point, enforces the
 * per-(service, metric) cardinality cap, and answers findSeries/listServices. Backends load it at open and keep it
 * in step through `insert`.
 */
export class SeriesRegistry {
  private readonly byKey = new Map<string, SeriesRef>();
  private readonly byMetric = new Map<string, SeriesRef[]>();
  /** Non-overflow series per `service\0metric`. */
  private readonly perMetric = new Map<string, number>();
  private readonly maxSeriesPerMetric: number;
  private readonly insert: SeriesRegistryOptions['insert'];
  private readonly overflowKey = attributesKey(OVERFLOW_ATTRIBUTES);
  /**
   * Resolutions of frozen descriptors by identity. Ingest reuses one frozen descriptor per series across points
   * and requests, so the usual point costs one WeakMap lookup instead of building its attribute key. A frozen
   * descriptor cannot change, and a resolution only changes when load() replaces the index (which drops this).
   */
  private byDescriptor = new WeakMap<SeriesDescriptor, SeriesResolution>();

  constructor({ maxSeriesPerMetric, insert }: SeriesRegistryOptions) {
    this.maxSeriesPerMetric = maxSeriesPerMetric;
    this.insert = insert;
  }

  /** Replaces the index with `refs` (at open, and after a failed transaction rolled inserts back). */
  load(refs: Iterable<SeriesRef>): void {
    this.byKey.clear();
    this.byDescriptor = new WeakMap();
    this.byMetric.clear();
    this.perMetric.clear();
    for (const ref of refs) this.add(ref, attributesKey(ref.attributes));
  }

  /** Series held, all metrics and services. */
  get size(): number {
    return this.byKey.size;
  }

  resolve(descriptor: SeriesDescriptor): SeriesResolution {
    if (!Object.isFrozen(descriptor) || !Object.isFrozen(descriptor.attributes)) return this.resolveByKey(descriptor);
    let resolution = this.byDescriptor.get(descriptor);
    if (resolution === undefined) {
      resolution = this.resolveByKey(descriptor);
      this.byDescriptor.set(descriptor, resolution);
    }
    return resolution;
  }

  private resolveByKey(descriptor: SeriesDescriptor): SeriesResolution {
    const attrsKey = attributesKey(descriptor.attributes);
    const known = this.byKey.get(seriesKey(descriptor.service, descriptor.metric, attrsKey));
    if (known !== undefined) return this.checkKind(known, descriptor, false);
    const metricKey = `${descriptor.service}\0${descriptor.metric}`;
    if (attrsKey !== this.overflowKey && (this.perMetric.get(metricKey) ?? 0) >= this.maxSeriesPerMetric) {
      const overflow = { ...descriptor, attributes: { ...OVERFLOW_ATTRIBUTES } };
      const resolved = this.resolveByKey(overflow);
      return 'ref' in resolved ? { ref: resolved.ref, overflowed: true } : resolved;
    }
    const id = this.insert(descriptor, attrsKey);
    const ref: SeriesRef = { id, ...descriptor, attributes: { ...descriptor.attributes } };
    this.add(ref, attrsKey);
    return { ref, overflowed: false };
  }

  find({ metric, service, attributes }: SeriesQuery): SeriesRef[] {
    const filters = Object.entries(attributes ?? {});
    const matches: SeriesRef[] = [];
    for (const ref of this.byMetric.get(metric) ?? []) {
      if (service !== undefined && ref.service !== service) continue;
      if (filters.some(([k, v]) => ref.attributes[k] !== v)) continue;
      matches.push({ ...ref, attributes: { ...ref.attributes } });
    }
    return matches;
  }

  services(): string[] {
    const names = new Set<string>();
    for (const refs of this.byMetric.values()) for (const ref of refs) names.add(ref.service);
    return [...names].sort();
  }

  private checkKind(ref: SeriesRef, descriptor: SeriesDescriptor, overflowed: boolean): SeriesResolution {
    if (ref.kind === descriptor.kind) return { ref, overflowed };
    return { rejected: `${descriptor.metric} is stored as ${ref.kind}, got a ${descriptor.kind} point` };
  }

  private add(ref: SeriesRef, attrsKey: string): void {
    this.byKey.set(seriesKey(ref.service, ref.metric, attrsKey), ref);
    const list = this.byMetric.get(ref.metric);
    if (list === undefined) this.byMetric.set(ref.metric, [ref]);
    else list.push(ref);
    if (attrsKey !== this.overflowKey) {
      const metricKey = `${ref.service}\0${ref.metric}`;
      this.perMetric.set(metricKey, (this.perMetric.get(metricKey) ?? 0) + 1);
    }
  }
}

function seriesKey(service: string, metric: string, attrsKey: string): string {
  return `${service}\0${metric}\0${attrsKey}`;
}
