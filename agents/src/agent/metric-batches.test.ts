import { describe, expect, it } from 'vitest';
import { Meter } from '../metrics/meter.js';
import { decodeMetricsRequest } from '../otlp/codec.js';
import { METRICS_BATCH_SINKS } from '../otlp/metrics-batch-sink.js';
import type { OtlpMetricsRequest } from '../otlp/types.js';
import { MetricBatches } from './metric-batches.js';

const interval = { startTimeUnixNano: '1000000000', timeUnixNano: '2000000000' };
const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] };
const scope = { name: '@stride/agent' };

/** Names and points of each request: `a:k0,k1` is metric a with the points of series k0 and k1. */
function shape(requests: OtlpMetricsRequest[]): string[][] {
  return requests.map((r) =>
    (r.resourceMetrics?.[0]?.scopeMetrics?.[0]?.metrics ?? []).map((m) => {
      const points = (m.sum ?? m.exponentialHistogram)?.dataPoints ?? [];
      return `${m.name}:${points.map((p) => p.attributes?.[0]?.value?.stringValue).join(',')}`;
    }),
  );
}

function meterWith(series: Record<string, number>) {
  const meter = new Meter({ maxSeries: 100 });
  for (const [name, n] of Object.entries(series)) {
    const counter = meter.counter({ name, unit: '1', description: 'd' });
    for (let i = 0; i < n; i++) counter.record(`k${i}`, { k: `k${i}` }, 1);
  }
  return meter;
}

function writeAll(meter: Meter, maxPoints: number, encoding: 'protobuf' | 'json' = 'protobuf') {
  const sink = METRICS_BATCH_SINKS[encoding](resource, scope);
  const batches = new MetricBatches(
    meter.drain(interval, () => {}),
    maxPoints,
  );
  const requests: OtlpMetricsRequest[] = [];
  const items: number[] = [];
  for (let batch = batches.next(sink); batch; batch = batches.next(sink)) {
    requests.push(decodeMetricsRequest(batch.body, encoding));
    items.push(batch.items);
  }
  return { requests, items };
}

describe('MetricBatches', () => {
  it('splits large metrics across requests, keeping order and every point once', () => {
    const { requests, items } = writeAll(meterWith({ a: 3, b: 1, c: 4 }), 2);
    expect(shape(requests)).toEqual([['a:k0,k1'], ['a:k2', 'b:k0'], ['c:k0,k1'], ['c:k2,k3']]);
    expect(items).toEqual([2, 2, 2, 2]);
    const first = requests[0]?.resourceMetrics?.[0];
    expect(first?.resource).toEqual(resource);
    expect(first?.scopeMetrics?.[0]?.scope).toEqual(scope);
    expect(first?.scopeMetrics?.[0]?.metrics?.[0]?.sum).toMatchObject({ aggregationTemporality: 1, isMonotonic: true });
  });

  it('writes the same requests as OTLP/JSON', () => {
    const { requests } = writeAll(meterWith({ a: 3, b: 1 }), 2, 'json');
    expect(shape(requests)).toEqual([['a:k0,k1'], ['a:k2', 'b:k0']]);
  });

  it('leaves out series without data, and writes nothing for an interval without any', () => {
    const meter = new Meter({ maxSeries: 10 });
    const h = meter.histogram({ name: 'h', unit: 's', description: 'd' });
    h.record('nan', { k: 'nan' }, Number.NaN);
    h.record('ok', { k: 'ok' }, 0.25);
    expect(shape(writeAll(meter, 10).requests)).toEqual([['h:ok']]);
    h.record('nan', { k: 'nan' }, Number.NaN);
    expect(writeAll(meter, 10).requests).toEqual([]);
  });

  it('hands every series back for reuse: the next interval records into the same accumulators, emptied', () => {
    const meter = meterWith({ a: 3 });
    writeAll(meter, 2);
    const counter = meter.counter({ name: 'a', unit: '1', description: 'd' });
    counter.record('k9', { k: 'k9' }, 5);
    const [metric] = meter.collect(interval, () => {});
    expect(metric?.sum?.dataPoints?.map((p) => p.asDouble)).toEqual([5]);
  });

  it('close() releases what a stopped collection did not write', () => {
    const meter = meterWith({ a: 2, b: 2 });
    const drained = meter.drain(interval, () => {});
    const released: string[] = [];
    for (const d of drained) {
      const release = d.release.bind(d);
      d.release = () => {
        released.push(d.descriptor.name);
        release();
      };
    }
    const batches = new MetricBatches(drained, 1);
    batches.next(METRICS_BATCH_SINKS.protobuf(resource, scope));
    expect(released).toEqual([]);
    batches.close();
    expect(released).toEqual(['a', 'b']);
  });
});
