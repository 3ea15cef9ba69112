import { Redis } from 'ioredis';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { resolveAgentOptions } from './agent-options.js';
import { StrideConfigError } from './config-error.js';

const base = { serviceName: 'shop' };

function configError(fn: () => unknown): StrideConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StrideConfigError);
    return err as StrideConfigError;
  }
  throw new Error('expected a StrideConfigError');
}

describe('resolveAgentOptions', () => {
  it('applies defaults', () => {
    const o = resolveAgentOptions(base, {});
    expect(o).toMatchObject({
      serviceName: 'shop',
      metricsUrl: 'http://127.0.0.1:4318/v1/metrics',
      apiKey: undefined,
      flushIntervalMillis: 10_000,
      exportTimeoutMillis: 10_000,
      maxSeries: 2000,
      maxBufferedBatches: 60,
      encoding: 'protobuf',
      compression: 'gzip',
      runtimeMetrics: true,
    });
  });

  it('reads env twins when options are absent, and options win over env', () => {
    const env = {
      STRIDE_SERVICE_NAME: 'cart',
      STRIDE_ENDPOINT: 'https://otlp.example:4318/base/',
      STRIDE_API_KEY: 'k1',
    };
    expect(resolveAgentOptions({}, env)).toMatchObject({
      serviceName: 'cart',
      metricsUrl: 'https://otlp.example:4318/base/v1/metrics',
      apiKey: 'k1',
    });
    expect(resolveAgentOptions({ serviceName: 'shop', apiKey: 'k2' }, env)).toMatchObject({
      serviceName: 'shop',
      apiKey: 'k2',
    });
  });

  it('treats an explicitly undefined option (apiKey: process.env.X) as absent', () => {
    expect(resolveAgentOptions({ ...base, apiKey: undefined }, { STRIDE_API_KEY: 'from-env' }).apiKey).toBe('from-env');
  });

  it('requires a service name, blaming option and env twin', () => {
    const err = configError(() => resolveAgentOptions({}, {}));
    expect(err.option).toBe('serviceName (or STRIDE_SERVICE_NAME)');
    expect(err.message).toBe('serviceName (or STRIDE_SERVICE_NAME): expected a non-empty string, got undefined');
  });

  it('blames the env variable when the bad value came from it', () => {
    const err = configError(() => resolveAgentOptions(base, { STRIDE_ENDPOINT: 'ftp://x' }));
    expect(err.option).toBe('STRIDE_ENDPOINT');
    expect(err.message).toContain('http:// or https://');
  });

  it.each([
    [{ flushIntervalMillis: -5 }, 'flushIntervalMillis', 'an integer from 100 to 2147483647 (ms)'],
    [{ flushIntervalMillis: 1.5e3 + 0.5 }, 'flushIntervalMillis', 'an integer'],
    [{ flushIntervalMillis: 2 ** 31 }, 'flushIntervalMillis', 'an integer'],
    [{ exportTimeoutMillis: 0 }, 'exportTimeoutMillis', 'an integer from 1'],
    [{ maxSeries: 1 }, 'maxSeries', 'an integer from 2'],
    [{ maxBufferedBatches: '10' }, 'maxBufferedBatches', 'an integer from 1'],
    [{ encoding: 'xml' }, 'encoding', "'protobuf' or 'json'"],
    [{ compression: 'br' }, 'compression', "'gzip' or 'none'"],
    [{ endpoint: 'not a url' }, 'endpoint', 'base URL'],
    [{ endpoint: 'http://x/?a=1' }, 'endpoint', 'base URL'],
    [{ apiKey: 'two words' }, 'apiKey', 'visible ASCII'],
    [{ apiKey: 'k\r\nx-evil: 1' }, 'apiKey', 'visible ASCII'],
    [{ resourceAttributes: { region: null } }, 'resourceAttributes.region', 'a string, finite number or boolean'],
    [{ runtimeMetrics: 'yes' }, 'runtimeMetrics', 'true or false'],
    [{ instrument: { mongoose: {} } }, 'instrument.mongoose', 'one of pg, ioredis, http'],
    [{ instrument: { pg: {} } }, 'instrument.pg', 'the pg module'],
    [{ instrument: { pg: Redis } }, 'instrument.pg', 'the pg module'],
    [{ instrument: { ioredis: pg } }, 'instrument.ioredis', 'the ioredis module'],
    [{ instrument: { http: 'yes' } }, 'instrument.http', 'true or false'],
    [{ tracing: 'on' }, 'tracing', 'true, false or an object'],
    [{ tracing: { randomShare: 2 } }, 'tracing.randomShare', 'a number from 0 to 1'],
    [{ tracing: { slowestPerRoute: 1.5 } }, 'tracing.slowestPerRoute', 'an integer from 0 to 100'],
    [{ tracing: { maxSpans: 5 } }, 'tracing.maxSpans', 'one of slowestPerRoute'],
    [{ transport: {} }, 'transport.send', 'a function'],
    [{ clock: { nowMs: () => 0 } }, 'clock.monotonicMs', 'a function'],
    [{ flushInterval: 5 }, 'flushInterval', 'a known option'],
  ])('rejects %o naming %s', (bad, option, expected) => {
    const err = configError(() => resolveAgentOptions({ ...base, ...(bad as object) }, {}));
    expect(err.option).toBe(option);
    expect(err.expected).toContain(expected);
  });

  it('finds what to patch in the DESIGN.md instrument modules, in their CommonJS and ESM shapes', async () => {
    const esmPg = await import('pg');
    const esmRedis = await import('ioredis');
    for (const [pgModule, redisModule] of [
      [pg, Redis],
      [esmPg, esmRedis],
      [{ default: pg }, { Redis }],
    ]) {
      const { instrument } = resolveAgentOptions({ ...base, instrument: { pg: pgModule, ioredis: redisModule } }, {});
      expect(instrument.pg?.client).toBe(pg.Client.prototype);
      expect(instrument.pg?.pool).toBe(Object.getPrototypeOf(pg.Pool.prototype));
      expect(instrument.ioredis).toBe(Redis.prototype);
      expect(instrument.http).toBe(true);
    }
  });

  it('resolves tracing defaults, tuning and opt-out, and the traces URL', () => {
    const on = resolveAgentOptions({ ...base, endpoint: 'http://x:4318/base/' }, {});
    expect(on.tracesUrl).toBe('http://x:4318/base/v1/traces');
    expect(on.tracing).toEqual({
      slowestPerRoute: 5,
      randomShare: 0.01,
      repeatedQueryThreshold: 5,
      maxTracesPerInterval: 200,
      maxSpansPerTrace: 100,
      maxBufferedBatches: 10,
    });
    expect(resolveAgentOptions({ ...base, tracing: { randomShare: 1 } }, {}).tracing?.randomShare).toBe(1);
    expect(resolveAgentOptions({ ...base, tracing: false }, {}).tracing).toBeUndefined();
  });
});
