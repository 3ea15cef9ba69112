import { type Agent, type Clock, startAgent, type TracingOptions } from '@stride/agent';
import * as ioredis from 'ioredis';
import pg from 'pg';
import type { CacheStats } from './cache/cache.js';
import { createCache } from './cache/create-cache.js';
import { isProfile, PROFILE_SETTINGS, type Profile } from './config/profile.js';
import { startEmbeddedPostgres } from './db/embedded-postgres.js';
import { migrate } from './db/migrate.js';
import { createPool } from './db/pool.js';
import { applyProfileIndexes } from './db/profile-indexes.js';
import { createPaymentsApp } from './payments/payments-app.js';
import { type BreakerOptions, PaymentsClient, type PaymentsClientStats } from './payments-client/payments-client.js';
import { isSeeded, type SeedResult, seedDatabase } from './seed/seed.js';
import { listen } from './shop/listen.js';
import { createShopApp } from './shop/shop-app.js';

export interface StartCommerceOptions {
  profile: Profile;
  /** PostgreSQL to use; without it an embedded PGlite is started (in memory unless pgliteDataDir is set). */
  databaseUrl?: string | undefined;
  /** Adds the Redis tier to the optimized profile's cache. */
  redisUrl?: string | undefined;
  portShop?: number;
  portPayments?: number;
  host?: string;
  /** Seed an empty database at this scale (1 = 10k products, 50k variants, 100k orders); 0 = never seed. */
  seedScale?: number;
  pgliteDataDir?: string | undefined;
  /** Use this payments service instead of starting one in-process. */
  paymentsUrl?: string | undefined;
  /** Mount PUT/GET/DELETE /_faults on the in-process payments service (tests, demos). */
  paymentsFaultInjection?: boolean;
  payments?: { timeoutMillis?: number; maxAttempts?: number; baseDelayMillis?: number; breaker?: BreakerOptions };
  /** Push metrics to Stride; defaults to STRIDE_ENDPOINT / STRIDE_API_KEY when set. `false` turns it off. */
  agent?: CommerceAgentOptions | false;
  /** Redis key prefix of the cache (one per test run keeps runs apart). */
  cacheKeyPrefix?: string;
  maxDbConnections?: number;
  logger?: { info(message: string): void; warn(message: string): void; error(message: string): void };
}

export interface CommerceAgentOptions {
  endpoint: string;
  apiKey?: string | undefined;
  flushIntervalMillis?: number;
  /** The shop's service.version (a change between runs becomes a deploy marker); payments keeps its own. */
  shopVersion?: string;
  /** Tail-sampling settings of both agents (the agent's defaults when absent). */
  tracing?: TracingOptions;
  /** Both agents' clock (the system clock when absent). */
  clock?: Clock;
}

export interface CommerceStats {
  cache: CacheStats;
  payments: PaymentsClientStats;
}

export interface RunningCommerce {
  profile: Profile;
  shopUrl: string;
  paymentsUrl: string;
  /** The seed run at start, when the database was empty. */
  seeded: SeedResult | undefined;
  stats(): CommerceStats;
  close(): Promise<void>;
}

/**
 * Starts the reference shop and its payments/shipping service: database (embedded PGlite when no URL),
 * migrations and the profile's indexes, seed data when empty, cache, both HTTP servers, and the Stride agent
 * when configured. Everything started is stopped by close(), or on a failed start.
 */
export async function startCommerce(options: StartCommerceOptions): Promise<RunningCommerce> {
  const { profile, portShop = 0, portPayments = 0, host = '127.0.0.1', seedScale = 1, logger = console } = options;
  if (!isProfile(profile)) throw new TypeError(`profile must be 'naive' or 'optimized', got ${String(profile)}`);
  const settings = PROFILE_SETTINGS[profile];
  const closers: Array<() => Promise<unknown> | unknown> = [];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) {
      try {
        await closer();
      } catch (err) {
        logger.warn(`commerce: error while closing: ${(err as Error).message}`);
      }
    }
  };

  try {
    let databaseUrl = options.databaseUrl;
    if (!databaseUrl) {
      const embedded = await startEmbeddedPostgres({ dataDir: options.pgliteDataDir });
      closers.push(() => embedded.close());
      databaseUrl = embedded.url;
    }
    const pool = createPool({
      connectionString: databaseUrl,
      maxConnections: options.maxDbConnections,
      applicationName: `stride-commerce-${profile}`,
    });
    closers.push(() => pool.end());
    await migrate(pool);
    await applyProfileIndexes(pool, settings);
    let seeded: SeedResult | undefined;
    if (seedScale > 0 && !(await isSeeded(pool))) {
      seeded = await seedDatabase(pool, { scale: seedScale });
      logger.info(`commerce: seeded scale ${seedScale} in ${seeded.durationMillis} ms`);
    }

    const agentConfig = resolveAgentConfig(options.agent);
    const agents: Agent[] = [];
    if (agentConfig) {
      // pg/ioredis are instrumented once, by the shop's agent: the payments service uses neither, and two agents
      // patching the same module in one process would count every query twice.
      const { shopVersion, ...shared } = agentConfig;
      agents.push(
        startAgent({
          serviceName: 'shop',
          ...shared,
          ...(shopVersion === undefined ? {} : { serviceVersion: shopVersion }),
          instrument: { pg, ioredis },
        }),
      );
      // Payments makes no outbound calls; its agent must not count the shop's calls to it, which run in this same
      // process (node:http is patched process-wide), as payments' own dependency calls.
      agents.push(startAgent({ serviceName: 'payments', ...shared, instrument: { http: false } }));
      closers.push(() => Promise.all(agents.map((agent) => agent.shutdown())));
    }
    const [shopAgent, paymentsAgent] = agents;

    let paymentsUrl = options.paymentsUrl;
    if (!paymentsUrl) {
      const { app } = createPaymentsApp({
        faultInjection: options.paymentsFaultInjection ?? false,
        before: paymentsAgent ? [paymentsAgent.express()] : [],
      });
      const server = await listen(app, portPayments, host);
      closers.push(() => server.close());
      paymentsUrl = server.url;
    }
    const payments = new PaymentsClient({ baseUrl: paymentsUrl, keepAlive: settings.keepAlive, ...options.payments });
    closers.push(() => payments.close());

    const { cache, close: closeCache } = await createCache({
      enabled: settings.cache,
      redisUrl: options.redisUrl,
      keyPrefix: options.cacheKeyPrefix,
      onError: onceEvery(30_000, (err) => logger.warn(`commerce: cache: ${(err as Error).message}`)),
    });
    closers.push(closeCache);

    const app = createShopApp({
      profile,
      pool,
      cache,
      payments,
      before: shopAgent ? [shopAgent.express()] : [],
      logger,
    });
    const shop = await listen(app, portShop, host);
    closers.push(() => shop.close());

    return {
      profile,
      shopUrl: shop.url,
      paymentsUrl,
      seeded,
      stats: () => ({ cache: cache.stats(), payments: payments.stats() }),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

function resolveAgentConfig(option: StartCommerceOptions['agent']): CommerceAgentOptions | undefined {
  if (option === false) return undefined;
  if (option) {
    // Only the keys that are set: the agent rejects an explicit `undefined` for some options.
    return Object.fromEntries(
      Object.entries(option).filter(([, value]) => value !== undefined),
    ) as unknown as CommerceAgentOptions;
  }
  const endpoint = process.env['STRIDE_ENDPOINT'];
  if (!endpoint) return undefined;
  const apiKey = process.env['STRIDE_API_KEY'];
  return apiKey ? { endpoint, apiKey } : { endpoint };
}

/** Logs at most one message per interval, so a Redis outage does not flood the log. */
function onceEvery(intervalMillis: number, log: (err: unknown) => void): (err: unknown) => void {
  let lastMs = Number.NEGATIVE_INFINITY;
  return (err) => {
    const now = Date.now();
    if (now - lastMs < intervalMillis) return;
    lastMs = now;
    log(err);
  };
}
