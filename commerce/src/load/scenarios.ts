import type { CatalogSample } from './catalog-sample.js';

/** One HTTP request to send, relative to the target. */
export interface PlannedRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface PlanContext {
  catalog: CatalogSample;
  /** Uniform in [0, 1). */
  random: () => number;
  /** A key no other request of any run uses (checkout's Idempotency-Key). */
  uniqueKey: () => string;
}

export interface Scenario {
  /** Relative share of the traffic; the mix divides by the sum of all weights. */
  weight: number;
  /**
   * Answers that are a correct outcome of this request; any other status, and no answer at all, is an error.
   * Checkout may legitimately be declined (402) or run out of stock (409) — the shop works; the shelf is empty.
   */
  expectedStatuses: readonly number[];
  plan(context: PlanContext): PlannedRequest;
}

export const SCENARIO_NAMES = ['browse', 'detail', 'pricing', 'checkout'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

const SORTS = ['newest', 'price_asc', 'price_desc', 'name', 'rating'] as const;
const PAGE_SIZES = [12, 24, 48] as const;
const COUNTRIES = ['US', 'US', 'US', 'DE', 'GB', 'FR', 'CA'] as const;
// What a browser's fetch() sends: JSON accepted, gzip/deflate/br offered (every browser offers them), so a shop
// that does not compress is observed sending more bytes than it had to.
const ACCEPT_HEADERS = { accept: 'application/json', 'accept-encoding': 'gzip, deflate, br' };
const JSON_HEADERS = { 'content-type': 'application/json', ...ACCEPT_HEADERS };

function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new RangeError('pick from an empty list');
  return item;
}

function intBetween(min: number, max: number, random: () => number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** `count` different SKUs (fewer when the sample has fewer), with quantities 1..maxQuantity. */
function lineItems(count: number, maxQuantity: number, { catalog, random }: PlanContext) {
  const chosen = new Set<string>();
  const wanted = Math.min(count, catalog.skus.length);
  while (chosen.size < wanted) chosen.add(pick(catalog.skus, random));
  return [...chosen].map((sku) => ({ sku, quantity: intBetween(1, maxQuantity, random) }));
}

/**
 * Browsing as shoppers do it: mostly page 1, sometimes a category or brand, a price band, another sort order.
 * Example: `/products?category=shoes&sort=price_asc&page=1&pageSize=24`.
 */
function planBrowse({ catalog, random }: PlanContext): PlannedRequest {
  const query = new URLSearchParams();
  if (catalog.categorySlugs.length > 0 && random() < 0.4) query.set('category', pick(catalog.categorySlugs, random));
  if (random() < 0.15) query.set('brand', pick(catalog.brands, random));
  if (catalog.pricesCents.length > 1 && random() < 0.15) {
    const [low, high] = [pick(catalog.pricesCents, random), pick(catalog.pricesCents, random)].sort((a, b) => a - b);
    query.set('minPriceCents', String(low));
    query.set('maxPriceCents', String(high));
  }
  query.set('sort', random() < 0.5 ? 'newest' : pick(SORTS, random));
  // 70% first page, then a quickly thinning tail up to page 5.
  query.set('page', String(random() < 0.7 ? 1 : intBetween(2, 5, random)));
  query.set('pageSize', String(pick(PAGE_SIZES, random)));
  return { method: 'GET', path: `/products?${query}`, headers: { ...ACCEPT_HEADERS } };
}

/** Registry keyed by scenario name: a new scenario is an added entry (and a weight in every profile's mix). */
export const SCENARIOS: Readonly<Record<ScenarioName, Scenario>> = {
  browse: { weight: 60, expectedStatuses: [200], plan: planBrowse },
  detail: {
    weight: 25,
    expectedStatuses: [200],
    plan: ({ catalog, random }) => ({
      method: 'GET',
      path: `/products/${pick(catalog.productIds, random)}`,
      headers: { ...ACCEPT_HEADERS },
    }),
  },
  pricing: {
    weight: 10,
    expectedStatuses: [200],
    plan: (context) => ({
      method: 'POST',
      path: '/pricing/quote',
      headers: JSON_HEADERS,
      body: JSON.stringify({ items: lineItems(intBetween(2, 8, context.random), 3, context) }),
    }),
  },
  checkout: {
    weight: 5,
    expectedStatuses: [201, 402, 409],
    plan: (context) => ({
      method: 'POST',
      path: '/orders',
      headers: { ...JSON_HEADERS, 'idempotency-key': context.uniqueKey() },
      body: JSON.stringify({
        userId: intBetween(1, context.catalog.maxUserId, context.random),
        items: lineItems(intBetween(1, 3, context.random), 2, context),
        paymentMethod: 'tok_visa',
        shippingCountry: pick(COUNTRIES, context.random),
      }),
    }),
  },
};

/** The weights to run against this catalog: checkout needs users, so without any its share goes to the rest. */
export function scenarioWeights(catalog: CatalogSample): Record<ScenarioName, number> {
  const weights = Object.fromEntries(SCENARIO_NAMES.map((name) => [name, SCENARIOS[name].weight])) as Record<
    ScenarioName,
    number
  >;
  if (catalog.maxUserId === 0) weights.checkout = 0;
  return weights;
}
