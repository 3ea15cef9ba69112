import { randomBytes } from 'node:crypto';
import { createServer, type Logger, type StrideConfig } from '@stride/performance';
import type { Profile } from '../config/profile.js';
import { discoverCatalog } from '../load/catalog-sample.js';
import { createRawJsonGetter } from '../load/raw-http-get.js';
import { type RunningCommerce, startCommerce } from '../start-commerce.js';
import { startTraffic, type Traffic } from './traffic.js';

/** Agents push every 5 s in the demo (10 s is the agent's default), so a fresh start shows data sooner. */
export const DEMO_FLUSH_INTERVAL_MILLIS = 5_000;

export interface DemoOptions {
  /** The metrics service's config (parseConfig); port 0 picks a free port. */
  stride: StrideConfig;
  profile: Profile;
  /** 0 = a free port. */
  shopPort: number;
  paymentsPort: number;
  seedScale: number;
  /** 0 = no traffic. */
  trafficRatePerSecond: number;
  logger: Logger;
  /** Told as each part comes up, so a slow start shows where it is. */
  onProgress?: (step: string) => void;
}

export interface RunningDemo {
  metricsUrl: string;
  /** Where the dashboard is served (the metrics service's root). */
  dashboardUrl: string;
  adminToken: string;
  /** Ingest key the agents use; `generated` when STRIDE_INGEST_KEYS was empty. */
  ingestKey: { source: 'config' | 'generated' };
  shopUrl: string;
  paymentsUrl: string;
  profile: Profile;
  traffic: Traffic | undefined;
  /** Stops traffic, then the shop (its agents flush a last time), then the metrics service. Idempotent. */
  close(): Promise<void>;
}

/**
 * The live demo: the metrics service, the reference shop and payments service instrumented with the Stride agent
 * and pushing to it, and steady traffic through the shop — everything in this process, on embedded storage.
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const { profile, logger, onProgress = () => {} } = options;
  const configuredKey = options.stride.ingestKeys[0];
  const ingestKey = configuredKey ?? `demo_${randomBytes(24).toString('base64url')}`;
  const stride: StrideConfig = configuredKey ? options.stride : { ...options.stride, ingestKeys: [ingestKey] };

  const closers: Array<() => Promise<void>> = [];
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      for (const closer of closers.splice(0).reverse()) {
        try {
          await closer();
        } catch (err) {
          logger.warn(`demo: error while stopping: ${(err as Error).message}`);
        }
      }
    })();
    return closing;
  };

  try {
    const server = await createServer(stride, { logger });
    closers.push(() => server.close());
    const address = await server.listen();
    onProgress(`metrics service on ${address.url}`);

    const agent = { endpoint: address.url, apiKey: ingestKey, flushIntervalMillis: DEMO_FLUSH_INTERVAL_MILLIS };
    const commerce: RunningCommerce = await startCommerce({
      profile,
      portShop: options.shopPort,
      portPayments: options.paymentsPort,
      host: '127.0.0.1',
      seedScale: options.seedScale,
      agent,
      logger: {
        info: (message) => logger.info(message),
        warn: (message) => logger.warn(message),
        error: (message) => logger.error(message),
      },
    });
    closers.push(() => commerce.close());
    onProgress(`shop (${profile}) on ${commerce.shopUrl}, payments on ${commerce.paymentsUrl}`);

    let traffic: Traffic | undefined;
    if (options.trafficRatePerSecond > 0) {
      const catalog = await discoverCatalog({ getJson: createRawJsonGetter(commerce.shopUrl), maxProducts: 100 });
      traffic = startTraffic({
        targetUrl: commerce.shopUrl,
        catalog,
        ratePerSecond: options.trafficRatePerSecond,
        onWindow: ({ requests, errors, durationMs }) => {
          if (errors > 0) {
            logger.warn(`demo traffic: ${errors} of ${requests} requests failed in ${Math.round(durationMs / 1000)} s`);
          }
        },
        onError: (err) => logger.error(`demo traffic: ${err.message}`),
      });
      closers.push(() => traffic?.stop() ?? Promise.resolve());
    }

    return {
      metricsUrl: address.url,
      dashboardUrl: `${address.url}/`,
      adminToken: server.adminToken.token,
      ingestKey: { source: configuredKey ? 'config' : 'generated' },
      shopUrl: commerce.shopUrl,
      paymentsUrl: commerce.paymentsUrl,
      profile,
      traffic,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
