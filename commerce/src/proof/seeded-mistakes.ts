/**
 * The ground truth of the recommendation proof: the performance mistakes the naive profile makes on purpose (read
 * off commerce/src/{catalog,pricing,inventory,orders,payments-client,shop} and config/profile.ts), each as the
 * recommendation Stride should give for it. The optimized profile fixes every one of them, so none may be found
 * there.
 *
 * A finding matches a mistake when kind and service are equal, the route is equal (when the mistake names one) and
 * the statement pattern matches the finding's `evidence.statement` (when the mistake names one); `keyPattern` is
 * matched against the finding's key instead where the key carries the identity (a host:port, a CREATE INDEX).
 *
 * `reach` says whether this proof can expect the finding at all:
 * - `expected`: the naive profile does it under the proof's traffic and the agent sends what the detector reads.
 * - `large-seed`: needs the full run's data size (a table past the advisor's 10,000 rows with a statement mean
 *   ≥ 20 ms, or a result of ≥ 1,000 rows) — expected in `npm run proof`, not in the CI-sized run.
 * - `timing-dependent`: found when the calls are slow enough for the saving to pass the detector's threshold — under
 *   the proof's own load on a shared 2-core machine, not on an idle one; reported, not asserted in CI.
 * - `agent-gap`: the detector reads span attributes the agent does not send yet (named in `missing`); none today.
 * - `below-threshold`: the mistake is real but too small for the detector's documented thresholds under this
 *   traffic (named in `why`).
 * Recall counts every mistake; the CI test asserts the `expected` ones.
 */
export type MistakeReach = 'expected' | 'large-seed' | 'timing-dependent' | 'agent-gap' | 'below-threshold';

export interface SeededMistake {
  id: string;
  kind: string;
  service: 'shop' | 'payments';
  /** `METHOD /route`, or null for a finding without one (a host, a pool, a statement across routes). */
  route: string | null;
  /** Case-insensitive pattern for `evidence.statement` (the agent's normalized SQL). */
  statement?: RegExp;
  /** Case-insensitive pattern for the finding's key; `{paymentsPort}` is replaced by the run's payments port. */
  keyPattern?: string;
  /** Where the mistake lives in commerce/src. */
  where: string;
  what: string;
  reach: MistakeReach;
  /** For agent-gap: the span attributes the detector needs. For below-threshold: why. */
  missing?: string[];
  why?: string;
}

const PRICE_BY_SKU = /from product_variants v join products p on p\.id = v\.product_id where v\.sku = \$1$/i;
const ORDERS_BY_USER = /from orders o where o\.user_id = \$1 order by o\.created_at desc, o\.id desc$/i;
const CATEGORY_BY_ID = /from categories where id = \$1$/i;

export const SEEDED_MISTAKES: readonly SeededMistake[] = [
  {
    id: 'listing-variants-n+1',
    kind: 'n-plus-one-db',
    service: 'shop',
    route: 'GET /products',
    statement: /from product_variants v where v\.product_id = \$1 order by/i,
    where: 'catalog/naive-catalog-reader.ts listProducts',
    what: 'variants read once per listed product, fanned out with Promise.all',
    reach: 'expected',
  },
  {
    id: 'listing-images-n+1',
    kind: 'n-plus-one-db',
    service: 'shop',
    route: 'GET /products',
    statement: /from product_images i where i\.product_id = \$1 order by/i,
    where: 'catalog/naive-catalog-reader.ts listProducts',
    what: 'images read once per listed product, fanned out with Promise.all',
    reach: 'expected',
  },
  {
    id: 'listing-category-n+1',
    kind: 'n-plus-one-db',
    service: 'shop',
    route: 'GET /products',
    statement: CATEGORY_BY_ID,
    where: 'catalog/naive-catalog-reader.ts listProducts',
    what: 'category read once per listed product instead of a JOIN',
    reach: 'expected',
  },
  {
    id: 'pricing-per-sku-n+1',
    kind: 'n-plus-one-db',
    service: 'shop',
    route: 'POST /pricing/quote',
    statement: PRICE_BY_SKU,
    where: 'pricing/pricing-reader.ts naivePricingReader',
    what: 'one awaited price query per SKU of the cart (2–8 lines in the load mix)',
    reach: 'expected',
  },
  {
    id: 'detail-sequential',
    kind: 'sequential-calls',
    service: 'shop',
    route: 'GET /products/:id',
    where: 'catalog/naive-catalog-reader.ts getProduct',
    what: 'product, category, variants and images awaited one after another; only the category needs the product',
    reach: 'timing-dependent',
    why: 'four primary-key reads: the saving passes minSavedMsPerRequest = 5 ms only when each takes ≥ ~2 ms',
  },
  {
    id: 'listing-page-count-sequential',
    kind: 'sequential-calls',
    service: 'shop',
    route: 'GET /products',
    where: 'catalog/naive-catalog-reader.ts listProducts',
    what: 'the page query and its count awaited one after another (the optimized reader runs them together)',
    reach: 'timing-dependent',
    why: 'the saving is the shorter of the two queries: past 5 ms only when the count is slow',
  },
  {
    id: 'order-list-item-counts-n+1',
    kind: 'n-plus-one-db',
    service: 'shop',
    route: 'GET /users/:userId/orders',
    statement: /from order_items where order_id = \$1$/i,
    where: 'orders/order-reader.ts naiveOrderReader.listByUser',
    what: 'one item-count query per order shown',
    reach: 'expected',
  },
  {
    id: 'order-list-unbounded',
    kind: 'unbounded-result',
    service: 'shop',
    route: null,
    statement: ORDERS_BY_USER,
    where: 'orders/order-reader.ts naiveOrderReader.listByUser',
    what: "every order of the user read (no LIMIT), then sliced in JavaScript; heavy buyers' lists reach thousands",
    reach: 'large-seed',
  },
  {
    id: 'orders-by-user-missing-index',
    kind: 'missing-index',
    service: 'shop',
    route: null,
    keyPattern: '^CREATE INDEX \\S+ ON (\\S+\\.)?orders \\(user_id, created_at',
    where: 'db/profile-indexes.ts (naive drops orders_user_created_idx)',
    what: 'orders of one user, newest first, scan the whole orders table',
    reach: 'large-seed',
  },
  {
    id: 'payments-no-keep-alive',
    kind: 'no-keep-alive',
    service: 'shop',
    route: null,
    keyPattern: '^127\\.0\\.0\\.1:{paymentsPort}$',
    where: 'payments-client/payments-client.ts (keepAlive: false in the naive profile)',
    what: 'a new TCP connection for every payments call',
    reach: 'expected',
  },
  {
    id: 'order-detail-sequential',
    kind: 'sequential-calls',
    service: 'shop',
    route: 'GET /orders/:id',
    where: 'orders/order-reader.ts naiveOrderReader.getOrder',
    what: 'order, items and status log awaited one after another though none needs another',
    reach: 'timing-dependent',
    why: 'three primary-key reads: the saving passes minSavedMsPerRequest = 5 ms only when each takes ≥ ~2.5 ms',
  },
  {
    id: 'checkout-reservations-sequential',
    kind: 'n-plus-one-db',
    service: 'shop',
    route: 'POST /orders',
    statement: /^update inventory set reserved = reserved \+ \$1/i,
    where: 'inventory/reservations.ts naiveReserver',
    what: 'one UPDATE per order line, awaited in turn, inside the order transaction',
    reach: 'below-threshold',
    why: 'checkouts carry 1–3 lines (< minCallsPerRequest = 5); calls inside a transaction are ordered by design, so sequential-calls does not apply',
  },
  {
    id: 'category-cacheable',
    kind: 'cacheable-read',
    service: 'shop',
    route: null,
    statement: CATEGORY_BY_ID,
    where: 'config/profile.ts (cache: false in the naive profile)',
    what: 'the same category rows read thousands of times, never cached',
    reach: 'expected',
  },
  {
    id: 'listing-uncompressed',
    kind: 'uncompressed-response',
    service: 'shop',
    route: 'GET /products',
    where: 'config/profile.ts (compression: false in the naive profile)',
    what: 'listing JSON of tens of KiB sent without gzip to clients that accept it',
    reach: 'expected',
  },
  {
    id: 'detail-uncompressed',
    kind: 'uncompressed-response',
    service: 'shop',
    route: 'GET /products/:id',
    where: 'config/profile.ts (compression: false in the naive profile)',
    what: 'product JSON over 1 KiB sent without gzip',
    reach: 'expected',
  },
];

/**
 * Findings that are correct consequences of a seeded mistake without being the recommendation the ground truth
 * asks for: found, they count as true (not false) positives; missed, they cost no recall.
 */
export const ACCEPTED_CONSEQUENCES: readonly SeededMistake[] = [
  {
    id: 'catalog-reads-cacheable',
    kind: 'cacheable-read',
    service: 'shop',
    route: null,
    statement: /\bfrom (products|product_variants|product_images) [a-z]\b/i,
    where: 'config/profile.ts (cache: false) + catalog/catalog-service.ts (the optimized profile caches these reads)',
    what: 'listing and product reads (pages, counts, variants, images) repeated with the same result, never cached',
    reach: 'expected',
  },
  {
    id: 'other-routes-uncompressed',
    kind: 'uncompressed-response',
    service: 'shop',
    route: null,
    where: 'config/profile.ts (compression: false in the naive profile)',
    what: 'order list and order detail (the account pages) over 1 KiB sent without gzip',
    reach: 'expected',
  },
  {
    id: 'listing-category-duplicates',
    kind: 'duplicate-concurrent-requests',
    service: 'shop',
    route: 'GET /products',
    where: 'catalog/naive-catalog-reader.ts listProducts',
    what: "the fan-out reads one category per product at once: a page's products share a few categories",
    reach: 'expected',
  },
  {
    id: 'listing-fan-out-pool',
    kind: 'pool-saturation',
    service: 'shop',
    route: null,
    where: 'catalog/naive-catalog-reader.ts listProducts',
    what: 'the Promise.all fan-out puts 3 × pageSize queries in flight, more than the 10 pool connections',
    reach: 'expected',
  },
  {
    id: 'orders-by-user-slow',
    kind: 'slow-query',
    service: 'shop',
    route: null,
    statement: ORDERS_BY_USER,
    where: 'orders/order-reader.ts + db/profile-indexes.ts',
    what: 'the unindexed, unbounded orders-by-user scan dominates DB time',
    reach: 'expected',
  },
  {
    id: 'pricing-sequential',
    kind: 'sequential-calls',
    service: 'shop',
    route: 'POST /pricing/quote',
    where: 'pricing/pricing-reader.ts naivePricingReader',
    what: 'quotes of 2–4 lines: the per-SKU queries awaited in turn (5+ lines are the N+1 above)',
    reach: 'expected',
  },
  {
    id: 'checkout-order-detail-sequential',
    kind: 'sequential-calls',
    service: 'shop',
    route: 'POST /orders',
    where: 'orders/order-reader.ts naiveOrderReader.getOrder (checkout answers with the placed order)',
    what: 'the order, its items and its log read one after another at the end of checkout',
    reach: 'expected',
  },
  {
    id: 'order-list-item-counts-sequential',
    kind: 'sequential-calls',
    service: 'shop',
    route: 'GET /users/:userId/orders',
    where: 'orders/order-reader.ts naiveOrderReader.listByUser',
    what: 'lists of 2–4 orders: the per-order item counts awaited in turn (5+ are the N+1 above)',
    reach: 'expected',
  },
  {
    id: 'listing-n+1-db-time',
    kind: 'slow-query',
    service: 'shop',
    route: 'GET /products',
    where: 'catalog/naive-catalog-reader.ts listProducts',
    what: "the N+1 statements' share of all DB time (slow-query's share rule)",
    reach: 'expected',
  },
];
