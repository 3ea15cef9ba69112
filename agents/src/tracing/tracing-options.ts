import { StrideConfigError } from '../agent/config-error.js';

/** `tracing` option of startAgent: tail-sampled request traces. `false` turns tracing off. */
export interface TracingOptions {
  /** Slowest traces kept per route per flush interval. */
  slowestPerRoute?: number;
  /** Share of all requests kept at random, 0…1 (decided from the trace id, so consistent across services). */
  randomShare?: number;
  /** Calls of one statement fingerprint in one request that make it a kept `repeated-query` trace. */
  repeatedQueryThreshold?: number;
  /** Traces kept per flush interval, all reasons together; the rest are dropped and counted. */
  maxTracesPerInterval?: number;
  /** Child spans per trace; further calls are measured (metrics) but their spans dropped and counted. */
  maxSpansPerTrace?: number;
  /** Trace export requests (≤ 1,000 spans each) buffered while the endpoint is unreachable. */
  maxBufferedBatches?: number;
}

export type ResolvedTracingOptions = Required<TracingOptions>;

const KNOWN = [
  'slowestPerRoute',
  'randomShare',
  'repeatedQueryThreshold',
  'maxTracesPerInterval',
  'maxSpansPerTrace',
  'maxBufferedBatches',
];

/** Validates the `tracing` option (`true`/absent → defaults, `false` → undefined); throws StrideConfigError. */
export function resolveTracingOptions(value: unknown): ResolvedTracingOptions | undefined {
  if (value === false) return undefined;
  if (value !== true && (value === null || typeof value !== 'object' || Array.isArray(value))) {
    throw new StrideConfigError('tracing', 'true, false or an object of tracing options', value);
  }
  const options = value === true ? {} : (value as TracingOptions);
  for (const key of Object.keys(options)) {
    if (!KNOWN.includes(key)) throw new StrideConfigError(`tracing.${key}`, `one of ${KNOWN.join(', ')}`, key);
  }
  const {
    slowestPerRoute = 5,
    randomShare = 0.01,
    repeatedQueryThreshold = 5,
    maxTracesPerInterval = 200,
    maxSpansPerTrace = 100,
    maxBufferedBatches = 10,
  } = options;
  if (typeof randomShare !== 'number' || !(randomShare >= 0 && randomShare <= 1)) {
    throw new StrideConfigError('tracing.randomShare', 'a number from 0 to 1', randomShare);
  }
  return {
    slowestPerRoute: integer('slowestPerRoute', slowestPerRoute, 0, 100),
    randomShare,
    repeatedQueryThreshold: integer('repeatedQueryThreshold', repeatedQueryThreshold, 2, 10_000),
    maxTracesPerInterval: integer('maxTracesPerInterval', maxTracesPerInterval, 1, 100_000),
    maxSpansPerTrace: integer('maxSpansPerTrace', maxSpansPerTrace, 1, 100_000),
    maxBufferedBatches: integer('maxBufferedBatches', maxBufferedBatches, 1, 100_000),
  };
}

function integer(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new StrideConfigError(`tracing.${name}`, `an integer from ${min} to ${max}`, value);
  }
  return value;
}
