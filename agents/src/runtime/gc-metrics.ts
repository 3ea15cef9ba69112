import { constants, PerformanceObserver } from 'node:perf_hooks';
import type { Meter } from '../metrics/meter.js';

// perf_hooks GC kinds → v8js.gc.type well-known values.
const GC_TYPES = new Map<number, string>([
  [constants.NODE_PERFORMANCE_GC_MAJOR, 'major'],
  [constants.NODE_PERFORMANCE_GC_MINOR, 'minor'],
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL, 'incremental'],
  [constants.NODE_PERFORMANCE_GC_WEAKCB, 'weakcb'],
]);

/** Records every GC pause into v8js.gc.duration (histogram, s) by v8js.gc.type. Returns a stop function. */
export function startGcMetrics(meter: Meter): () => void {
  const duration = meter.histogram({
    name: 'v8js.gc.duration',
    unit: 's',
    description: 'Garbage collection duration.',
  });
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as { detail?: { kind?: number } | null }).detail?.kind;
      const type = (kind !== undefined && GC_TYPES.get(kind)) || 'other';
      duration.record(type, { 'v8js.gc.type': type }, entry.duration / 1000);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return () => observer.disconnect();
}
