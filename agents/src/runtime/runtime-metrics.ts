import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import type { Clock } from '../agent/clock.js';
import type { Meter } from '../metrics/meter.js';
import { startGcMetrics } from './gc-metrics.js';

const NS_PER_S = 1e9;
const US_PER_S = 1e6;

/**
 * Node.js runtime metrics under their semantic-convention names, sampled right before each collection:
 * - nodejs.eventloop.delay.{p50,p90,p99,max} (gauge, s) over the interval, from monitorEventLoopDelay;
 * - nodejs.eventloop.utilization (gauge, 1) over the interval;
 * - v8js.memory.heap.used / v8js.memory.heap.space.size (gauge, By) per v8js.heap.space.name;
 * - process.memory.usage (gauge, By): RSS;
 * - process.cpu.time (counter, s) and process.cpu.utilization (gauge, 1 = all CPUs busy) per cpu.mode;
 * - v8js.gc.duration (histogram, s) per v8js.gc.type (see gc-metrics.ts).
 * Levels the conventions list as UpDownCounters are sent as gauges: a sampled level is what they are.
 * Returns a stop function.
 */
export function startRuntimeMetrics(meter: Meter, clock: Clock): () => void {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const delayGauges = (['p50', 'p90', 'p99', 'max'] as const).map((stat) => ({
    stat,
    gauge: meter.gauge({ name: `nodejs.eventloop.delay.${stat}`, unit: 's', description: `Event loop ${stat} delay.` }),
  }));
  const utilization = meter.gauge({
    name: 'nodejs.eventloop.utilization',
    unit: '1',
    description: 'Event loop utilization.',
  });
  const heapUsed = meter.gauge({ name: 'v8js.memory.heap.used', unit: 'By', description: 'Heap memory used.' });
  const heapSize = meter.gauge({
    name: 'v8js.memory.heap.space.size',
    unit: 'By',
    description: 'Total heap memory reserved for a heap space.',
  });
  const rss = meter.gauge({ name: 'process.memory.usage', unit: 'By', description: 'Resident set size.' });
  const cpuTime = meter.counter({ name: 'process.cpu.time', unit: 's', description: 'CPU seconds by mode.' });
  const cpuUtilization = meter.gauge({
    name: 'process.cpu.utilization',
    unit: '1',
    description: 'CPU time over elapsed time and available CPUs.',
  });
  const cpus = availableParallelism();
  let lastElu = performance.eventLoopUtilization();
  let lastCpu = process.cpuUsage();
  let lastMs = clock.monotonicMs();

  const sample = () => {
    // min is Infinity (and percentiles 0) when no sample landed in the interval; skip rather than report zeros.
    if (Number.isFinite(delay.min)) {
      for (const { stat, gauge } of delayGauges) {
        const ns = stat === 'max' ? delay.max : delay.percentile(Number(stat.slice(1)));
        gauge.record('', {}, ns / NS_PER_S);
      }
    }
    delay.reset();

    const elu = performance.eventLoopUtilization();
    utilization.record('', {}, performance.eventLoopUtilization(elu, lastElu).utilization);
    lastElu = elu;

    for (const space of getHeapSpaceStatistics()) {
      const attributes = { 'v8js.heap.space.name': space.space_name };
      heapUsed.record(space.space_name, attributes, space.space_used_size);
      heapSize.record(space.space_name, attributes, space.space_size);
    }
    rss.record('', {}, process.memoryUsage.rss());

    const nowMs = clock.monotonicMs();
    const cpu = process.cpuUsage(lastCpu);
    const elapsedUs = (nowMs - lastMs) * 1000;
    for (const mode of ['user', 'system'] as const) {
      const attributes = { 'cpu.mode': mode };
      cpuTime.record(mode, attributes, cpu[mode] / US_PER_S);
      if (elapsedUs > 0) cpuUtilization.record(mode, attributes, cpu[mode] / (elapsedUs * cpus));
    }
    lastCpu = process.cpuUsage();
    lastMs = nowMs;
  };

  const stopSampling = meter.beforeCollect(sample);
  const stopGc = startGcMetrics(meter);
  return () => {
    stopSampling();
    stopGc();
    delay.disable();
  };
}
