// The app every variant serves: the commerce shop (optimized profile, cache off so every product detail runs its
// three queries against PostgreSQL) with route B mounted in front of the shop's own middleware, behind the
// variant's middleware. Imported only after the variant's instrumentation is installed.
import type { RequestHandler } from 'express';
import { NoCache } from '../../commerce/dist/cache/cache.js';
import { createPool } from '../../commerce/dist/db/pool.js';
import { PaymentsClient } from '../../commerce/dist/payments-client/payments-client.js';
import { listen } from '../../commerce/dist/shop/listen.js';
import { createShopApp } from '../../commerce/dist/shop/shop-app.js';
import { itemsRoute } from './items-route.js';

export interface RunningBenchApp {
  url: string;
  close(): Promise<void>;
}

export async function startBenchApp({
  databaseUrl,
  middleware,
}: {
  databaseUrl: string;
  middleware: RequestHandler[];
}): Promise<RunningBenchApp> {
  const pool = createPool({ connectionString: databaseUrl, applicationName: 'stride-overhead-bench' });
  // The product route never calls payments; the client only has to exist. Nothing listens on port 9.
  const payments = new PaymentsClient({ baseUrl: 'http://127.0.0.1:9', keepAlive: true });
  const app = createShopApp({
    profile: 'optimized',
    pool,
    cache: new NoCache(),
    payments,
    before: [...middleware, itemsRoute],
    logger: console,
  });
  const server = await listen(app, 0, '127.0.0.1');
  return {
    url: server.url,
    close: async () => {
      await server.close();
      await payments.close();
      await pool.end();
    },
  };
}
