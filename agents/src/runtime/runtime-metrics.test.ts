import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { Meter } from '../metrics/meter.js';
import { ManualClock } from '../testing/manual-clock.js';
import { pointsOf } from '../testing/otlp-points.js';
import { startRuntimeMetrics } from './runtime-metrics.js';

const interval = { startTimeUnixNano: '0', timeUnixNano: '1' };
const fail = (err: unknown) => {
  throw err;
};

function collectRequest(meter: Meter) {
  return [{ resourceMetrics: [{ scopeMetrics: [{ metrics: meter.collect(interval, fail) }] }] }];
}

describe('startRuntimeMetrics', () => {
  it('samples semantic-convention runtime metrics on collect', () => {
    const clock = new ManualClock();
    const meter = new Meter({ maxSeries: 100 });
    const stop = startRuntimeMetrics(meter, clock);
    clock.advance(1000);
    // process.cpuUsage() has a granularity: spend measurable user CPU so the interval's delta cannot be 0 (a flake
    // seen in CI when start and collect fell within one tick).
    const before = process.cpuUsage();
    while (process.cpuUsage(before).user === 0) Math.sqrt(Math.random());
    const request = collectRequest(meter);
    stop();

    const value = (name: string, attr?: [string, string]) =>
      pointsOf(request, name).find((p) => !attr || p.attributes[attr[0]] === attr[1])?.point.asDouble as number;
    const elu = value('nodejs.eventloop.utilization');
    expect(elu).toBeGreaterThanOrEqual(0);
    expect(elu).toBeLessThanOrEqual(1);
    expect(value('process.memory.usage')).toBeGreaterThan(10 * 1024 * 1024);
    const used = value('v8js.memory.heap.used', ['v8js.heap.space.name', 'old_space']);
    const size = value('v8js.memory.heap.space.size', ['v8js.heap.space.name', 'old_space']);
    expect(used).toBeGreaterThan(0);
    expect(size).toBeGreaterThanOrEqual(used);
    expect(value('process.cpu.time', ['cpu.mode', 'user'])).toBeGreaterThan(0);
    expect(value('process.cpu.utilization', ['cpu.mode', 'system'])).toBeGreaterThanOrEqual(0);
    for (const p of pointsOf(request, 'process.memory.usage')) expect(p.metric.unit).toBe('By');
    expect(pointsOf(request, 'nodejs.eventloop.utilization')[0]?.metric.unit).toBe('1');
  });

  it('records GC pauses in seconds by v8js.gc.type', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const meter = new Meter({ maxSeries: 100 });
    const stop = startRuntimeMetrics(meter, new ManualClock());
    gc();
    // PerformanceObserver delivers entries asynchronously; yield the event loop until they arrive.
    for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
    const points = pointsOf(collectRequest(meter), 'v8js.gc.duration');
    stop();
    const major = points.find((p) => p.attributes['v8js.gc.type'] === 'major');
    expect(major?.metric.unit).toBe('s');
    expect(Number(major?.point.count)).toBeGreaterThanOrEqual(1);
    expect(major?.point.max as number).toBeLessThan(5);
  });
});
