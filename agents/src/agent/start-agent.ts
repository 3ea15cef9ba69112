import { HttpClientMetrics } from '../http-client/http-client-metrics.js';
import { createExpressMiddleware, type ExpressMiddleware } from '../http-server/express-middleware.js';
import { HttpServerMetrics } from '../http-server/http-server-metrics.js';
import { CallRecorder } from '../instrumentation/call-recorder.js';
import { DbClientMetrics } from '../instrumentation/db-client-metrics.js';
import { Meter } from '../metrics/meter.js';
import { createHttpTransport } from '../otlp/http-transport.js';
import { METRICS_BATCH_SINKS } from '../otlp/metrics-batch-sink.js';
import { type ExporterOptions, OtlpMetricsExporter } from '../otlp/otlp-exporter.js';
import { PoolRegistry } from '../pg/pool-registry.js';
import { startRuntimeMetrics } from '../runtime/runtime-metrics.js';
import { TracePipeline } from '../tracing/trace-pipeline.js';
import { type AgentLogger, type AgentOptions, resolveAgentOptions } from './agent-options.js';
import { type AgentStats, emptyStats } from './agent-stats.js';
import { systemClock } from './clock.js';
import { EncodedExport } from './encoded-export.js';
import { startInstrumentations } from './instrumentations.js';
import { MetricBatches } from './metric-batches.js';
import { buildResource } from './resource.js';
import { startSelfMetrics } from './self-metrics.js';
import { AGENT_NAME, AGENT_VERSION } from './version.js';

// Points per export request: bounds each synchronous encode to a few tens of ms and the objects a flush holds at
// once to one batch (see metric-batches.ts).
const MAX_POINTS_PER_BATCH = 500;

export interface Agent {
  /** Express/Connect middleware measuring every request; mount it before the routes. Same instance each call. */
  express(): ExpressMiddleware;
  /** Collects the current interval and pushes everything buffered; resolves when done, never rejects. */
  flush(): Promise<void>;
  /** Stops timers and measurement, flushes a last time, releases sockets. Idempotent. */
  shutdown(): Promise<void>;
  /** Cumulative counts since start. */
  stats(): AgentStats;
}

/**
 * Starts measuring and pushing over OTLP/HTTP every flushIntervalMillis. Throws StrideConfigError on a bad
 * option; after that nothing it does throws into, or blocks, the host.
 */
export function startAgent(options: AgentOptions = {}): Agent {
  const resolved = resolveAgentOptions(options, options.env ?? process.env);
  const { clock = systemClock, transport = createHttpTransport(), random = Math.random } = options;
  const logger = safe(options.logger ?? console);
  const errorLogger = onceEach(logger);
  const onError = (err: unknown) => errorLogger.warn(`stride agent: internal error: ${(err as Error)?.stack ?? err}`);

  const stats = emptyStats();
  const meter = new Meter({ maxSeries: resolved.maxSeries });
  const httpMetrics = new HttpServerMetrics(meter);
  const resource = buildResource(resolved);
  const scope = { name: AGENT_NAME, version: AGENT_VERSION };
  const exporterOptions = (url: string): ExporterOptions => ({
    url,
    apiKey: resolved.apiKey,
    encoding: resolved.encoding,
    compression: resolved.compression,
    exportTimeoutMillis: resolved.exportTimeoutMillis,
    transport,
    clock,
    random,
  });
  const exporter = new OtlpMetricsExporter(exporterOptions(resolved.metricsUrl));
  const traces =
    resolved.tracing &&
    new TracePipeline({
      options: resolved.tracing,
      exporter: exporterOptions(resolved.tracesUrl),
      clock,
      logger,
      stats,
      resource,
      scope,
    });
  const readStats = (): AgentStats => ({
    ...stats,
    overflowedSeries: meter.overflowedMeasurements,
    droppedTraces: traces?.droppedTraces ?? 0,
  });
  const queue = new EncodedExport(exporter, {
    stats,
    clock,
    logger,
    maxBufferedBatches: resolved.maxBufferedBatches,
    url: resolved.metricsUrl,
  });

  let recording = true;
  let shutdownPromise: Promise<void> | undefined;
  let intervalStartMs = clock.nowMs();
  const batchSink = METRICS_BATCH_SINKS[resolved.encoding](resource, scope);
  /**
   * Ends the interval now, then writes one request of at most MAX_POINTS_PER_BATCH points at a time, converting
   * each series to OTLP only as it is written, and buffers it compressed (yielding to the host between requests).
   */
  const collect = async () => {
    let batches: MetricBatches | undefined;
    try {
      const endMs = clock.nowMs();
      const interval = { startTimeUnixNano: unixNanos(intervalStartMs), timeUnixNano: unixNanos(endMs) };
      intervalStartMs = endMs;
      batches = new MetricBatches(meter.drain(interval, onError), MAX_POINTS_PER_BATCH);
      for (let batch = batches.next(batchSink); batch; batch = batches.next(batchSink)) {
        await queue.addEncoded(batch.body, batch.items);
        await yieldToEventLoop();
      }
    } catch (err) {
      onError(err);
    } finally {
      batches?.close();
    }
  };
  // One collection at a time: a timer tick that finds one still running (a slow host, a long interval) skips, and
  // the next tick's interval is simply longer; overlapping collections would each hold their own batch of objects.
  let collecting: Promise<void> | undefined;
  const collectOnce = () => {
    collecting ??= (async () => {
      try {
        await traces?.collect();
      } catch (err) {
        onError(err);
      }
      await collect();
    })().finally(() => {
      collecting = undefined;
    });
    return collecting;
  };
  const flushNow = async () => {
    if (collecting) await collecting; // an explicit flush must cover what was recorded up to its call
    await collectOnce();
    await Promise.all([queue.drain(), traces?.drain()]);
  };
  const onTimer = () => {
    if (!collecting) void flushNow();
  };

  const samplers = [startSelfMetrics(meter, readStats)];
  if (resolved.runtimeMetrics) samplers.push(startRuntimeMetrics(meter, clock));
  const dbMetrics = new DbClientMetrics(meter);
  const pools = new PoolRegistry();
  samplers.push(meter.beforeCollect(() => pools.sample(dbMetrics)));
  const instrumentations = startInstrumentations(resolved.instrument, {
    recorder: new CallRecorder(clock, traces?.tracer),
    dbMetrics,
    httpMetrics: new HttpClientMetrics(meter),
    pools,
    ignoredUrlPrefixes: [resolved.metricsUrl, resolved.tracesUrl],
    onError,
  });
  const stopTimer = clock.every(resolved.flushIntervalMillis, onTimer);

  const attempt = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      onError(err);
    }
  };
  let middleware: ExpressMiddleware | undefined;
  return {
    express() {
      middleware ??= createExpressMiddleware({
        metrics: httpMetrics,
        clock,
        isRecording: () => recording,
        onError,
        tracer: traces?.tracer,
      });
      return middleware;
    },
    flush: () => (recording ? flushNow() : (shutdownPromise ?? Promise.resolve())),
    shutdown() {
      shutdownPromise ??= (async () => {
        recording = false;
        attempt(stopTimer);
        for (const stop of instrumentations) attempt(stop);
        await flushNow(); // samplers still run, so the last interval carries runtime and self metrics
        for (const stop of samplers) attempt(stop);
        attempt(() => transport.close?.());
      })();
      return shutdownPromise;
    },
    stats: readStats,
  };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function unixNanos(ms: number): string {
  return (BigInt(Math.round(ms)) * 1_000_000n).toString();
}

/** The host's logger failing is not the host's problem to hear about. */
function safe(logger: AgentLogger): AgentLogger {
  return {
    warn(message) {
      try {
        logger.warn(message);
      } catch {}
    },
  };
}

/** Says each distinct message once, so a bug hit on every request cannot flood the host's logs. */
function onceEach(logger: AgentLogger): AgentLogger {
  const said = new Set<string>();
  return {
    warn(message) {
      if (said.has(message) || said.size >= 100) return;
      said.add(message);
      logger.warn(message);
    },
  };
}
