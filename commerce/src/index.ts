export type { Cache, CacheLoadOptions, CacheStats } from './cache/cache.js';
export { PROFILE_SETTINGS, PROFILES, type Profile, type ProfileSettings } from './config/profile.js';
export { type EmbeddedPostgres, startEmbeddedPostgres } from './db/embedded-postgres.js';
export { migrate } from './db/migrate.js';
export { createPaymentsApp, DECLINED_PAYMENT_METHOD } from './payments/payments-app.js';
export type { PaymentsClientStats } from './payments-client/payments-client.js';
export { type SeedCounts, type SeedOptions, type SeedResult, seedDatabase } from './seed/seed.js';
export { createShopApp } from './shop/shop-app.js';
export {
  type CommerceStats,
  type RunningCommerce,
  type StartCommerceOptions,
  startCommerce,
} from './start-commerce.js';
