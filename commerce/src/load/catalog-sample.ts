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
  /** Products sampled, in listing pages of 100 spread over the catalog; more spreads detail reads wider. */
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
  maxProducts = 300,
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
  const readPage = async (page: number): Promise<ProductsPage> => {
    const body = (await expectOk(getJson, `/products?pageSize=${PAGE_SIZE}&page=${page}`)) as ProductsPage;
    if (!Array.isArray(body.items)) throw new CatalogDiscoveryError('GET /products did not return { items: [...] }');
    for (const product of body.items) {
      productIds.push(product.id);
      brands.add(product.brand);
      pricesCents.push(product.priceCents);
      for (const variant of product.variants ?? []) skus.push(variant.sku);
    }
    return body;
  };
  const first = await readPage(1);
  for (const page of samplePages(first.totalPages, Math.ceil(maxProducts / PAGE_SIZE))) await readPage(page);
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

/**
 * Pages to read after page 1, spread evenly over the catalog so detail reads do not all hit the newest products:
 * 100 pages, 3 wanted → [1 (already read), 34, 67].
 */
export function samplePages(totalPages: number, wanted: number): number[] {
  const pages: number[] = [];
  if (totalPages <= wanted) for (let page = 2; page <= totalPages; page++) pages.push(page);
  else for (let i = 1; i < wanted; i++) pages.push(1 + Math.floor((i * totalPages) / wanted));
  return pages;
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
 * Highest id for which `exists` holds, when ids 1..n exist and none above: doubles from `start` until a miss,
 * then bisects. Starting at 64 rather than 1 keeps the probes off the first ids, which the seed gives the most
 * orders (a naive shop lists all of them per probe). 2,000 users: 64, 128, … 2,048 (miss), then 10 halvings.
 * Returns 0 when no id exists, `limit` when every id up to it does.
 */
export async function findMaxUserId(
  exists: (id: number) => Promise<boolean>,
  limit: number,
  start = 64,
): Promise<number> {
  let low = 0; // 0 stands for "exists" so the bisection has a lower bound
  let high = Math.max(1, Math.min(start, limit));
  while (await exists(high)) {
    low = high;
    if (high >= limit) return limit;
    high = Math.min(high * 2, limit);
  }
  // Invariant: low exists (or is 0), high does not.
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (await exists(middle)) low = middle;
    else high = middle;
  }
  return low;
}
