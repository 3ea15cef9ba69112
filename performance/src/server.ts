import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import compression from 'compression';
import express, { type Express } from 'express';
import { type ResolvedAdminToken, resolveAdminToken } from './config/admin-token.js';
import type { StoreKind, StrideConfig } from './config/config.js';
import { createDashboardCatalog } from './dashboards/dashboard-catalog.js';
import { createApiRouter } from './http/api-router.js';
import { createDistributionReader } from './http/distribution-routes.js';
import { createErrorHandler, notFoundHandler } from './http/error-handler.js';
import { createHealthRouter, type Readiness } from './http/health-routes.js';
import { createConsoleLogger, type Logger } from './http/logger.js';
import { createOtlpRouter } from './http/otlp-routes.js';
import { createOtlpTracesRouter } from './http/otlp-traces-routes.js';
import { createDashboardStaticRouter, DEFAULT_DASHBOARD_DIR } from './http/static.js';
import type { OnResource, ResourceIdentity } from './ingest/resource-identity.js';
import { TemporalityConverter } from './ingest/temporality-converter.js';
import { createQueryService } from './query/query-service.js';
import { createServiceDetailQueries } from './query/service-detail.js';
import { createWindowWarmer } from './query/window-warmer.js';
import { createRecommendModule } from './recommend/recommend-module.js';
import { openSqliteStore, sqliteStorePath } from './store/sqlite/sqlite-store.js';
import { DEFAULT_TIERS, type Store, type Tier } from './store/store.js';
import { openSqliteTraceStore, sqliteTraceStorePath } from './store/traces/sqlite-trace-store.js';
import type { TraceStore } from './store/traces/trace-store.js';

export interface ServerDeps {
  /** A store to use instead of opening one from the config; the caller keeps ownership (close() leaves it open). */
  store?: Store;
  /** A trace store to use instead of opening `<dataDir>/traces.db`; the caller keeps ownership, as for `store`. */
  traceStore?: TraceStore;
  logger?: Logger;
  /** Server clock, unix ms. */
  nowMs?: () => number;
  /** How often expired buckets, and traces past their retention or the span cap, are deleted. */
  retentionIntervalMillis?: number;
  /** How often the window warmer checks for a newly closed hour to merge (see createWindowWarmer). */
  warmIntervalMillis?: number;
  /** How long close() waits for in-flight requests before cutting connections. */
  shutdownTimeoutMillis?: number;
  /**
   * Told the distinct (service, service.version) of every metrics and traces export, at most once per request
   * (e.g. to add deploy markers). Default: nothing. What it throws is logged; ingest goes on.
   */
  onResource?: OnResource;
}

export interface ListeningAddress {
  host: string;
  port: number;
  /** e.g. `http://127.0.0.1:4318` */
  url: string;
}

export interface StrideServer {
  app: Express;
  store: Store;
  traceStore: TraceStore;
  /** The admin bearer token and where it came from; print it when `source` is `generated`. */
  adminToken: ResolvedAdminToken;
  listen(): Promise<ListeningAddress>;
  /** Stops accepting, waits for in-flight requests, stops timers, closes the stores it opened. Idempotent. */
  close(): Promise<void>;
}

/** The tiers with the configured retention. */
export function tiersFromConfig(config: Pick<StrideConfig, 'retentionMs'>): Tier[] {
  return DEFAULT_TIERS.map((tier) => ({ ...tier, retentionMs: config.retentionMs[tier.name] }));
}

/** Storage engines by `STRIDE_STORE` kind: a new engine is an added entry. */
const STORE_OPENERS: Readonly<Record<StoreKind, (config: StrideConfig, nowMs: () => number) => Store>> = {
  sqlite: (config, nowMs) =>
    // writerThread: finest-tier commits overlap with OTLP decoding on the second core (see FinestWriterThread).
    openSqliteStore({
      path: sqliteStorePath(config.dataDir),
      tiers: tiersFromConfig(config),
      nowMs,
      writerThread: true,
    }),
};

/** Trace storage by `STRIDE_STORE` kind; traces live in their own database so they never contend with metrics. */
const TRACE_STORE_OPENERS: Readonly<Record<StoreKind, (config: StrideConfig) => TraceStore>> = {
  sqlite: (config) =>
    openSqliteTraceStore({
      path: sqliteTraceStorePath(config.dataDir),
      retentionMs: config.traceRetentionMs,
      maxSpans: config.traceMaxSpans,
    }),
};

/**
 * The composition root: opens the store, resolves the admin token and wires health, OTLP ingest and the query
 * API into one Express app. Nothing listens until `listen()`.
 */
export async function createServer(config: StrideConfig, deps: ServerDeps = {}): Promise<StrideServer> {
  const {
    logger = createConsoleLogger(),
    nowMs = () => Date.now(),
    retentionIntervalMillis = 60_000,
    warmIntervalMillis = 30_000,
    shutdownTimeoutMillis = 10_000,
    onResource = () => {},
  } = deps;
  const adminToken = await resolveAdminToken({ configured: config.adminToken, dataDir: config.dataDir });
  const ownsStore = deps.store === undefined;
  const store = deps.store ?? STORE_OPENERS[config.store](config, nowMs);
  const ownsTraceStore = deps.traceStore === undefined;
  let traceStore: TraceStore | undefined;
  try {
    traceStore = deps.traceStore ?? TRACE_STORE_OPENERS[config.store](config);
    return assemble({
      config,
      store,
      ownsStore,
      traceStore,
      ownsTraceStore,
      adminToken,
      logger,
      nowMs,
      retentionIntervalMillis,
      warmIntervalMillis,
      shutdownTimeoutMillis,
      onResource,
    });
  } catch (err) {
    if (ownsStore) await store.close();
    if (ownsTraceStore) await traceStore?.close();
    throw err;
  }
}

interface Parts extends Required<Omit<ServerDeps, 'store' | 'traceStore'>> {
  config: StrideConfig;
  store: Store;
  ownsStore: boolean;
  traceStore: TraceStore;
  ownsTraceStore: boolean;
  adminToken: ResolvedAdminToken;
}

function assemble({
  config,
  store,
  ownsStore,
  traceStore,
  ownsTraceStore,
  adminToken,
  logger,
  nowMs,
  retentionIntervalMillis,
  warmIntervalMillis,
  shutdownTimeoutMillis,
  onResource,
}: Parts): StrideServer {
  if (config.ingestKeys.length === 0) {
    logger.warn(
      'STRIDE_INGEST_KEYS is empty: POST /v1/metrics and /v1/traces accept data from anyone who can reach this port',
    );
  }

  // True from creation (the app may be mounted in an embedder's own server) until close() begins.
  let accepting = true;
  let closing: Promise<void> | null = null;
  let httpServer: Server | null = null;

  const readiness = async (): Promise<Readiness> => {
    if (!accepting) return { ready: false, reason: 'shutting down' };
    try {
      if (!(await store.ping())) return { ready: false, reason: 'store is not open' };
    } catch (err) {
      return { ready: false, reason: `store ping failed: ${(err as Error).message}` };
    }
    try {
      return (await traceStore.ping()) ? { ready: true } : { ready: false, reason: 'trace store is not open' };
    } catch (err) {
      return { ready: false, reason: `trace store ping failed: ${(err as Error).message}` };
    }
  };

  const apdexThresholdMsFor = (service: string) => config.apdexThresholdMsByService[service] ?? config.apdexThresholdMs;

  const app = express();
  app.disable('x-powered-by');
  app.use(createHealthRouter({ readiness }));
  // Recommendations get their own (stateless) query layers; they only read through them.
  const recommend = createRecommendModule({
    store,
    traces: traceStore,
    query: createQueryService({ store, apdexThresholdMsFor }),
    detail: createServiceDetailQueries({ store }),
    analysisWindowMs: config.analysisWindowMs ?? 1_800_000,
    explainDatabases: config.explainDatabases,
    onError: (what, err) => logger.error(`${what} failed`, { error: err.message }),
  });
  const ingest = {
    // No keys configured means open ingest (warned above); the routers read null as "no authentication".
    ingestKeys: config.ingestKeys.length > 0 ? config.ingestKeys : null,
    maxBodyBytes: config.maxBodyBytes,
    maxInFlightRequests: config.maxInFlightRequests,
    nowMs,
    logger,
    // A changed service.version becomes a deploy marker; the watcher never throws and never blocks ingest.
    onResource: (resource: ResourceIdentity, now: number) => {
      void recommend.versionWatcher.onResource(resource, now);
      onResource(resource, now);
    },
  };
  app.use(
    createOtlpRouter({
      ...ingest,
      write: (points) => store.write(points),
      converter: new TemporalityConverter({ startedAtMs: nowMs() }),
    }),
  );
  app.use(
    createOtlpTracesRouter({
      ...ingest,
      write: (spans) => traceStore.writeSpans(spans),
      limits: { maxAgeMillis: config.traceRetentionMs },
    }),
  );
  // JSON answers (service lists, traces, dashboards) shrink 5-10x with gzip; OTLP answers are tiny and skip it.
  app.use('/api', compression());
  app.use(
    '/api/v1',
    createApiRouter({
      store,
      query: createQueryService({ store, apdexThresholdMsFor }),
      detail: createServiceDetailQueries({ store }),
      traces: traceStore,
      adminToken: adminToken.token,
      nowMs,
      recommend,
      dashboards: createDashboardCatalog({ userDir: config.dashboardsDir }),
      distribution: createDistributionReader({ store }),
    }),
  );
  app.use(createDashboardStaticRouter({ distDir: config.dashboardDir ?? DEFAULT_DASHBOARD_DIR }));
  app.use(notFoundHandler);
  app.use(createErrorHandler({ logger }));

  const applyRetention = () => {
    store.applyRetention(nowMs()).then(
      ({ deleted }) => {
        if (deleted > 0) logger.info('retention deleted expired buckets', { deleted });
      },
      (err: Error) => logger.error('retention failed', { error: err.message }),
    );
    traceStore.applyRetention(nowMs()).then(
      ({ deletedTraces, deletedSpans }) => {
        if (deletedTraces > 0) logger.info('trace retention deleted traces', { deletedTraces, deletedSpans });
      },
      (err: Error) => logger.error('trace retention failed', { error: err.message }),
    );
  };
  // unref: the timer alone must not keep the process alive.
  const retentionTimer = setInterval(applyRetention, retentionIntervalMillis);
  retentionTimer.unref();
  const analysisSchedule = config.analysisCron ? recommend.schedule(config.analysisCron, nowMs) : null;
  const warmer = createWindowWarmer({ store, windowsMs: config.warmWindowsMs ?? [] });
  let warming: Promise<unknown> = Promise.resolve();
  const warm = () => {
    warming = warming.then(() => {
      const started = performance.now();
      return warmer.tick(nowMs()).then(
        (done) =>
          done &&
          logger.info('query warm-up: closed hours merged', { ...done, ms: Math.round(performance.now() - started) }),
        (err: Error) => logger.error('query warm-up failed', { error: err.message }),
      );
    });
  };
  const warmTimer = setInterval(warm, warmIntervalMillis);
  warmTimer.unref();
  warm();

  const listen = (): Promise<ListeningAddress> =>
    new Promise((resolve, reject) => {
      if (httpServer) {
        reject(new Error('listen() was already called'));
        return;
      }
      // Exporters push every 10–60 s over keep-alive connections: hold idle sockets longer than that (Node's 5 s
      // default closes them between exports, and a client racing the close sees "other side closed"), and bound
      // how long a slow upload may hold an in-flight slot.
      const server = createHttpServer(app);
      server.keepAliveTimeout = 65_000;
      server.headersTimeout = 66_000; // must exceed keepAliveTimeout
      server.requestTimeout = 120_000;
      httpServer = server;
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        applyRetention();
        const { port } = server.address() as AddressInfo;
        const host = config.host.includes(':') ? `[${config.host}]` : config.host;
        resolve({ host: config.host, port, url: `http://${host}:${port}` });
      });
    });

  const shutdown = async () => {
    accepting = false;
    clearInterval(retentionTimer);
    clearInterval(warmTimer);
    await analysisSchedule?.stop();
    await warming;
    const server = httpServer;
    if (server?.listening) {
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), shutdownTimeoutMillis);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        // Keep-alive connections with no request in flight would otherwise hold close() open.
        server.closeIdleConnections();
      });
    }
    if (ownsStore) await store.close();
    if (ownsTraceStore) await traceStore.close();
  };

  return {
    app,
    store,
    traceStore,
    adminToken,
    listen,
    close: () => {
      closing ??= shutdown();
      return closing;
    },
  };
}
