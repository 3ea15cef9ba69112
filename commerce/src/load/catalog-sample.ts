/**
 * What the load runner knows about the shop it drives: real ids drawn from the seeded catalog, so every request
 * asks for something that exists (a load test full of 404s measures the error path, not the shop).
 */
export interface CatalogSample {
  productIds: number[];
  skus: string[];
  brands: string[];
  categorySlugs: string[];
  /** Base prices of the sampled products, cents; price-range filters are drawn between two of them. */
  pricesCents: number[];
  /** Users are seeded as ids 1..maxUserId; 0 means none, and checkout cannot run. */
  maxUserId: number;
  /** `naive` or `optimized`, as the shop's /healthz reports it; undefined when it does not say. */
  shopProfile: string | undefined;
}

/** GET the path (relative to the shop's base URL) and parse the JSON body; body is undefined when not JSON. */
export type JsonGetter = (path: string) => Promise<{ status: number; body: unknown }>;

/** The shop could not be sampled: unreachable, not a Stride commerce shop, or not seeded. */
export class CatalogDiscoveryError extends Error {
  override readonly name = 'CatalogDiscoveryError';
}

export interface DiscoverOptions {
  getJson: JsonGetter;
  /** Products sampled (listing pages of 100); more spreads detail reads over more rows. */
  maxProducts?: number;
  /** Largest user id probed for; the search stops here. */
  maxUserIdProbe?: number;
}

interface ProductsPage {
  items: Array<{ id: number; brand: string; priceCents: number; variants: Array<{ sku: string }> }>;
  totalPages: number;
}

const PAGE_SIZE = 100;

/** Asks the shop for its catalog: /healthz, /categories, listing pages, then the highest user id. */
export async function discoverCatalog({
  getJson,
  maxProducts = 500,
  maxUserIdProbe = 16_777_216,
}: DiscoverOptions): Promise<CatalogSample> {
  const health = await getJson('/healthz').catch(() => undefined);
  const shopProfile = (health?.body as { profile?: unknown } | undefined)?.profile;

  const categories = await expectOk(getJson, '/categories');
  const categorySlugs = ((categories as { items?: Array<{ slug: string }> }).items ?? []).map((c) => c.slug);

  const productIds: number[] = [];
  const skus: string[] = [];
  const brands = new Set<string>();
  const pricesCents: number[] = [];
  for (let page = 1; productIds.length < maxProducts; page++) {
    const body = (await expectOk(getJson, `/products?pageSize=${PAGE_SIZE}&page=${page}`)) as ProductsPage;
    if (!Array.isArray(body.items)) throw new CatalogDiscoveryError('GET /products did not return { items: [...] }');
    for (const product of body.items) {
      productIds.push(product.id);
      brands.add(product.brand);
      pricesCents.push(product.priceCents);
      for (const variant of product.variants ?? []) skus.push(variant.sku);
    }
    if (page >= body.totalPages || body.items.length === 0) break;
  }
  if (productIds.length === 0 || skus.length === 0) {
    throw new CatalogDiscoveryError('the shop has no products: start it with a seed scale > 0 or run its seed command');
  }

  const maxUserId = await findMaxUserId(async (id) => {
    const { status } = await getJson(`/users/${id}/orders?pageSize=1`);
    if (status !== 200 && status !== 404) throw new CatalogDiscoveryError(`GET /users/${id}/orders answered ${status}`);
    return status === 200;
  }, maxUserIdProbe);

  return {
    productIds,
    skus,
    brands: [...brands],
    categorySlugs,
    pricesCents,
    maxUserId,
    shopProfile: typeof shopProfile === 'string' ? shopProfile : undefined,
  };
}

async function expectOk(getJson: JsonGetter, path: string): Promise<unknown> {
  let answer: { status: number; body: unknown };
  try {
    answer = await getJson(path);
  } catch (err) {
    throw new CatalogDiscoveryError(`GET ${path} failed: ${(err as Error).message}`);
  }
  if (answer.status !== 200) throw new CatalogDiscoveryError(`GET ${path} answered ${answer.status}, expected 200`);
  return answer.body;
}

/**
 * Highest id for which `exists` holds, when ids 1..n exist and none above: doubles until a miss, then bisects.
 * 2,000 users cost 11 probes up and 10 down. Returns 0 when id 1 does not exist, `limit` when everything up to
 * it does.
 */
export async function findMaxUserId(exists: (id: number) => Promise<boolean>, limit: number): Promise<number> {
  if (!(await exists(1))) return 0;
  let low = 1; // known to exist
  let high = 2; // first candidate that may not
  while (high <= limit && (await exists(high))) {
    low = high;
    high *= 2;
  }
  if (high > limit) {
    if (await exists(limit)) return limit;
    high = limit;
  }
  // Invariant: low exists, high does not.
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (await exists(middle)) low = middle;
    else high = middle;
  }
  return low;
}
