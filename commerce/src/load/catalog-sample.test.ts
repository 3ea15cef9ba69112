import { describe, expect, it } from 'vitest';
import {
  CatalogDiscoveryError,
  discoverCatalog,
  findMaxUserId,
  type JsonGetter,
  samplePages,
} from './catalog-sample.js';

describe('findMaxUserId', () => {
  const probeOf = (n: number) => {
    const probed: number[] = [];
    const exists = async (id: number) => {
      probed.push(id);
      return id >= 1 && id <= n;
    };
    return { probed, exists };
  };

  it.each([0, 1, 2, 20, 63, 64, 65, 200, 2_000, 20_000])('finds %d users', async (n) => {
    const { exists } = probeOf(n);
    expect(await findMaxUserId(exists, 1_000_000)).toBe(n);
  });

  it('stays off the first ids and needs about two probes per doubling', async () => {
    const { exists, probed } = probeOf(2_000);
    await findMaxUserId(exists, 1_000_000);
    expect(Math.min(...probed)).toBe(64);
    expect(probed.length).toBeLessThanOrEqual(18);
  });

  it('stops at the limit', async () => {
    expect(await findMaxUserId(probeOf(5_000).exists, 1_000)).toBe(1_000);
    expect(await findMaxUserId(probeOf(5_000).exists, 10)).toBe(10);
  });
});

describe('samplePages', () => {
  it('spreads the pages over the catalog after page 1', () => {
    expect(samplePages(100, 3)).toEqual([34, 67]);
    expect(samplePages(4, 3)).toEqual([2, 3]);
    expect(samplePages(2, 3)).toEqual([2]);
    expect(samplePages(1, 3)).toEqual([]);
    expect(samplePages(50, 1)).toEqual([]);
  });
});

describe('discoverCatalog', () => {
  /** A shop of 250 products (3 pages of 100), two variants each, 120 users. */
  const shop: JsonGetter = async (path) => {
    const url = new URL(path, 'http://shop');
    if (url.pathname === '/healthz') return { status: 200, body: { status: 'ok', profile: 'naive' } };
    if (url.pathname === '/categories') return { status: 200, body: { items: [{ slug: 'shoes' }, { slug: 'hats' }] } };
    if (url.pathname === '/products') {
      const page = Number(url.searchParams.get('page'));
      const ids = Array.from({ length: 100 }, (_, i) => (page - 1) * 100 + i + 1).filter((id) => id <= 250);
      const items = ids.map((id) => ({
        id,
        brand: `brand-${id % 4}`,
        priceCents: id * 100,
        variants: [{ sku: `SKU-${id}-A` }, { sku: `SKU-${id}-B` }],
      }));
      return { status: 200, body: { items, totalPages: 3 } };
    }
    const user = /^\/users\/(\d+)\/orders$/.exec(url.pathname);
    if (user) return { status: Number(user[1]) <= 120 ? 200 : 404, body: {} };
    return { status: 404, body: undefined };
  };

  it('samples ids, SKUs, brands, categories and prices, and finds the users', async () => {
    const catalog = await discoverCatalog({ getJson: shop, maxProducts: 200 });
    expect(catalog.productIds).toHaveLength(200);
    expect(catalog.productIds.slice(100, 102)).toEqual([101, 102]); // page 1, then page 2 (of 3, 2 wanted)
    expect(catalog.skus).toHaveLength(400);
    expect(catalog.brands.sort()).toEqual(['brand-0', 'brand-1', 'brand-2', 'brand-3']);
    expect(catalog.categorySlugs).toEqual(['shoes', 'hats']);
    expect(catalog.pricesCents[0]).toBe(100);
    expect(catalog.maxUserId).toBe(120);
    expect(catalog.shopProfile).toBe('naive');
  });

  it('says clearly when the shop is unreachable, not a shop, or empty', async () => {
    const down: JsonGetter = async () => {
      throw new Error('cannot connect to http://127.0.0.1:9');
    };
    await expect(discoverCatalog({ getJson: down })).rejects.toThrow(
      new CatalogDiscoveryError('GET /categories failed: cannot connect to http://127.0.0.1:9'),
    );
    const other: JsonGetter = async () => ({ status: 404, body: undefined });
    await expect(discoverCatalog({ getJson: other })).rejects.toThrow('GET /categories answered 404, expected 200');
    const empty: JsonGetter = async (path) =>
      path.startsWith('/products')
        ? { status: 200, body: { items: [], totalPages: 0 } }
        : { status: 200, body: { items: [] } };
    await expect(discoverCatalog({ getJson: empty })).rejects.toThrow(/the shop has no products/);
  });
});
