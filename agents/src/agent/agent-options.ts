import type { Transport } from '../otlp/transport.js';
import { type ResolvedTracingOptions, resolveTracingOptions, type TracingOptions } from '../tracing/tracing-options.js';
import type { Clock } from './clock.js';
import { StrideConfigError } from './config-error.js';
import { type InstrumentModules, type ResolvedInstruments, resolveInstruments } from './instrument-options.js';

export type { TracingOptions } from '../tracing/tracing-options.js';
export type { InstrumentModules } from './instrument-options.js';

export type AttributeValue = string | number | boolean;
export type OtlpWireEncoding = 'protobuf' | 'json';
export type OtlpCompression = 'gzip' | 'none';

/** Where the agent reports its own trouble (failed exports, swallowed errors); never throws into the host. */
export interface AgentLogger {
  warn(message: string): void;
}

export interface AgentOptions {
  /** service.name of every exported point. Env twin: STRIDE_SERVICE_NAME. Required one way or the other. */
  serviceName?: string;
  serviceVersion?: string;
  /** OTLP/HTTP base URL; metrics go to `${endpoint}/v1/metrics`, traces to `${endpoint}/v1/traces`. Env twin: STRIDE_ENDPOINT. */
  endpoint?: string;
  /** Sent as `Authorization: Bearer <apiKey>`. Env twin: STRIDE_API_KEY. */
  apiKey?: string;
  /** How often the interval's deltas are collected and pushed. */
  flushIntervalMillis?: number;
  /** Budget for one batch's export including retries and backoff; a batch that runs out stays buffered. */
  exportTimeoutMillis?: number;
  /** Series per metric; past it, measurements go to one series marked `otel.metric.overflow=true`. */
  maxSeries?: number;
  /**
   * Export requests kept while the endpoint is unreachable; the oldest is dropped (and counted) past it. One
   * interval is one request of up to 500 points (more only when more series are live).
   */
  maxBufferedBatches?: number;
  encoding?: OtlpWireEncoding;
  compression?: OtlpCompression;
  /** Extra resource attributes (deployment.environment.name, …); service.name comes from serviceName. */
  resourceAttributes?: Record<string, AttributeValue>;
  /** Event loop, memory, CPU and GC metrics. */
  runtimeMetrics?: boolean;
  /** Client libraries to instrument: `{ pg, ioredis }` modules; outbound HTTP (fetch, node:http) unless `http: false`. */
  instrument?: InstrumentModules;
  /** Tail-sampled request traces (on by default); `false` turns them off, an object tunes them. */
  tracing?: boolean | TracingOptions;
  clock?: Clock;
  transport?: Transport;
  /** Uniform [0,1) source for backoff jitter. */
  random?: () => number;
  logger?: AgentLogger;
  /** Where env twins are read from. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface ResolvedAgentOptions {
  serviceName: string;
  serviceVersion: string | undefined;
  metricsUrl: string;
  tracesUrl: string;
  apiKey: string | undefined;
  flushIntervalMillis: number;
  exportTimeoutMillis: number;
  maxSeries: number;
  maxBufferedBatches: number;
  encoding: OtlpWireEncoding;
  compression: OtlpCompression;
  resourceAttributes: Record<string, AttributeValue>;
  runtimeMetrics: boolean;
  instrument: ResolvedInstruments;
  /** Undefined when tracing is off. */
  tracing: ResolvedTracingOptions | undefined;
}

const KNOWN_OPTIONS = new Set([
  'serviceName',
  'serviceVersion',
  'endpoint',
  'apiKey',
  'flushIntervalMillis',
  'exportTimeoutMillis',
  'maxSeries',
  'maxBufferedBatches',
  'encoding',
  'compression',
  'resourceAttributes',
  'runtimeMetrics',
  'instrument',
  'tracing',
  'clock',
  'transport',
  'random',
  'logger',
  'env',
]);
// setInterval/setTimeout overflow to 1 ms above this.
const MAX_TIMER_MILLIS = 2_147_483_647;
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

/** Explicit option, else env twin, else default; throws StrideConfigError naming the first bad option. */
export function resolveAgentOptions(options: AgentOptions, env: Readonly<Record<string, string | undefined>>) {
  if (options === null || typeof options !== 'object') throw new StrideConfigError('options', 'an object', options);
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key))
      throw new StrideConfigError(key, `a known option (${[...KNOWN_OPTIONS].join(', ')})`, key);
  }
  const {
    flushIntervalMillis = 10_000,
    exportTimeoutMillis = 10_000,
    maxSeries = 2000,
    maxBufferedBatches = 60,
    encoding = 'protobuf',
    compression = 'gzip',
    resourceAttributes = {},
    runtimeMetrics = true,
    instrument = {},
    tracing = true,
  } = options;
  const baseUrl = endpointBase(
    ...withEnv('endpoint', options.endpoint, 'STRIDE_ENDPOINT', env, 'http://127.0.0.1:4318'),
  );
  const resolved: ResolvedAgentOptions = {
    serviceName: nonEmptyString(...withEnv('serviceName', options.serviceName, 'STRIDE_SERVICE_NAME', env)),
    serviceVersion: optionalString('serviceVersion', options.serviceVersion),
    metricsUrl: `${baseUrl}/v1/metrics`,
    tracesUrl: `${baseUrl}/v1/traces`,
    apiKey: apiKey(...withEnv('apiKey', options.apiKey, 'STRIDE_API_KEY', env)),
    flushIntervalMillis: integerInRange('flushIntervalMillis', flushIntervalMillis, 100, MAX_TIMER_MILLIS, 'ms'),
    exportTimeoutMillis: integerInRange('exportTimeoutMillis', exportTimeoutMillis, 1, MAX_TIMER_MILLIS, 'ms'),
    maxSeries: integerInRange('maxSeries', maxSeries, 2, 1_000_000, 'series per metric'),
    maxBufferedBatches: integerInRange('maxBufferedBatches', maxBufferedBatches, 1, 100_000, 'batches'),
    encoding: oneOf('encoding', encoding, ['protobuf', 'json'] as const),
    compression: oneOf('compression', compression, ['gzip', 'none'] as const),
    resourceAttributes: attributes('resourceAttributes', resourceAttributes),
    runtimeMetrics: boolean('runtimeMetrics', runtimeMetrics),
    instrument: resolveInstruments(instrument),
    tracing: resolveTracingOptions(tracing),
  };
  checkFunctions(options);
  return resolved;
}

/** [name to blame, value]: the option when given, else its env twin (blamed by variable name), else the default. */
function withEnv(
  option: string,
  value: unknown,
  variable: string,
  env: Readonly<Record<string, string | undefined>>,
  fallback?: string,
): [string, unknown] {
  if (value !== undefined) return [option, value];
  const fromEnv = env[variable];
  if (fromEnv !== undefined && fromEnv !== '') return [variable, fromEnv];
  return [`${option} (or ${variable})`, fallback];
}

function nonEmptyString(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new StrideConfigError(name, 'a non-empty string', value);
  return value;
}

function optionalString(name: string, value: unknown): string | undefined {
  return value === undefined ? undefined : nonEmptyString(name, value);
}

function apiKey(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !VISIBLE_ASCII.test(value)) {
    throw new StrideConfigError(name, 'a non-empty string of visible ASCII characters', value);
  }
  return value;
}

/** The endpoint without trailing slashes; signal paths (/v1/metrics, /v1/traces) are appended to it. */
function endpointBase(name: string, value: unknown): string {
  const expected = 'an http:// or https:// base URL such as http://127.0.0.1:4318';
  if (typeof value !== 'string') throw new StrideConfigError(name, expected, value);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new StrideConfigError(name, expected, value);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
    throw new StrideConfigError(name, expected, value);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function integerInRange(name: string, value: unknown, min: number, max: number, unit: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new StrideConfigError(name, `an integer from ${min} to ${max} (${unit})`, value);
  }
  return value;
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T))
    throw new StrideConfigError(name, allowed.map((a) => `'${a}'`).join(' or '), value);
  return value as T;
}

function boolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new StrideConfigError(name, 'true or false', value);
  return value;
}

function attributes(name: string, value: unknown): Record<string, AttributeValue> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new StrideConfigError(name, 'an object of string, number or boolean values', value);
  }
  for (const [key, v] of Object.entries(value)) {
    const ok = typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
    if (!ok) throw new StrideConfigError(`${name}.${key}`, 'a string, finite number or boolean', v);
  }
  return { ...(value as Record<string, AttributeValue>) };
}

function checkFunctions(options: AgentOptions): void {
  const { clock, transport, random, logger } = options;
  if (clock !== undefined) {
    for (const fn of ['nowMs', 'monotonicMs', 'sleep', 'every'] as const) {
      if (typeof clock?.[fn] !== 'function') throw new StrideConfigError(`clock.${fn}`, 'a function', clock?.[fn]);
    }
  }
  if (transport !== undefined && typeof transport?.send !== 'function') {
    throw new StrideConfigError('transport.send', 'a function', transport?.send);
  }
  if (random !== undefined && typeof random !== 'function') throw new StrideConfigError('random', 'a function', random);
  if (logger !== undefined && typeof logger?.warn !== 'function') {
    throw new StrideConfigError('logger.warn', 'a function', logger?.warn);
  }
}
