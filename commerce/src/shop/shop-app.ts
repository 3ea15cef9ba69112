import compression from 'compression';
import express, { type Express, type RequestHandler } from 'express';
import type pg from 'pg';
import type { Cache } from '../cache/cache.js';
import { cartRoutes } from '../cart/cart-routes.js';
import { CartService } from '../cart/cart-service.js';
import { catalogRoutes } from '../catalog/catalog-routes.js';
import { CatalogService } from '../catalog/catalog-service.js';
import { PROFILE_SETTINGS, type Profile } from '../config/profile.js';
import { encodingAwareEtags } from '../http/encoding-etag.js';
import { createErrorHandler, type ErrorLogger, notFoundHandler } from '../http/error-handler.js';
import { inventoryRoutes } from '../inventory/inventory-routes.js';
import { orderRoutes } from '../orders/order-routes.js';
import { OrderService } from '../orders/order-service.js';
import type { PaymentsClient } from '../payments-client/payments-client.js';
import { pricingRoutes } from '../pricing/pricing-routes.js';
import { PricingService } from '../pricing/pricing-service.js';
import { PROFILE_COMPONENTS } from './profile-components.js';

/** Bodies smaller than this go out uncompressed: below ~1 KiB gzip's header and CPU cost outweigh the savings. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

export interface ShopAppDeps {
  profile: Profile;
  pool: pg.Pool;
  cache: Cache;
  payments: PaymentsClient;
  /** Mounted before everything else, e.g. the Stride agent's middleware. */
  before?: RequestHandler[];
  logger?: ErrorLogger;
}

/** The shop's Express app: catalog, pricing, carts, orders, inventory, built from the profile's components. */
export function createShopApp({ profile, pool, cache, payments, before = [], logger }: ShopAppDeps): Express {
  const settings = PROFILE_SETTINGS[profile];
  const components = PROFILE_COMPONENTS[profile];
  const pricing = new PricingService(pool, components.pricing);
  const catalog = new CatalogService(pool, cache, components.catalog);
  const carts = new CartService(pool, pricing);
  const orders = new OrderService({
    pool,
    pricing,
    reserver: components.reserver,
    reader: components.orders,
    payments,
  });

  const app = express();
  app.disable('x-powered-by');
  // Strong validators (hash of the exact body) so If-None-Match gets a 304 without the body.
  app.set('etag', 'strong');
  for (const middleware of before) app.use(middleware);
  app.use(encodingAwareEtags());
  if (settings.compression) app.use(compression({ threshold: COMPRESSION_THRESHOLD_BYTES }));
  app.use(express.json({ limit: '64kb' }));
  app.use((req, res, next) => {
    // Clients may keep responses but must revalidate them (cheap with the ETag).
    if (req.method === 'GET') res.set('Cache-Control', 'no-cache');
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', profile });
  });
  app.use(catalogRoutes(catalog));
  app.use(pricingRoutes(pricing));
  app.use(cartRoutes(carts));
  app.use(orderRoutes(pool, orders, components.orders));
  app.use(inventoryRoutes(pool, components.stock));
  app.use(notFoundHandler);
  app.use(createErrorHandler({ logger }));
  return app;
}
