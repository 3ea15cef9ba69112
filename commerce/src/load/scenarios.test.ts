import { describe, expect, it } from 'vitest';
import { listProductsQuery } from '../catalog/catalog-filter.js';
import { lineItemsSchema } from '../pricing/line-items.js';
import { Random } from '../seed/random.js';
import type { CatalogSample } from './catalog-sample.js';
import { type PlanContext, SCENARIO_NAMES, SCENARIOS, scenarioWeights } from './scenarios.js';

const catalog: CatalogSample = {
  productIds: [11, 12, 13],
  skus: ['A-1', 'A-2', 'B-1', 'B-2', 'C-1', 'C-2', 'C-3', 'D-1', 'D-2'],
  brands: ['Acme', 'Globex'],
  categorySlugs: ['shoes', 'hats'],
  pricesCents: [1999, 4500, 12000],
  maxUserId: 40,
  shopProfile: 'optimized',
};

function context(seed: number): PlanContext {
  const random = new Random(seed);
  let n = 0;
  return { catalog, random: () => random.next(), uniqueKey: () => `key-${++n}` };
}

describe('SCENARIOS', () => {
  it('weighs browse 60, detail 25, pricing 10, checkout 5', () => {
    expect(SCENARIO_NAMES.map((name) => SCENARIOS[name].weight)).toEqual([60, 25, 10, 5]);
  });

  it('browse asks for listings the shop accepts, with filters, sorts and pages drawn from the catalog', () => {
    const ctx = context(1);
    const seen = { category: 0, brand: 0, price: 0, page1: 0, sorts: new Set<string>() };
    for (let i = 0; i < 500; i++) {
      const planned = SCENARIOS.browse.plan(ctx);
      expect(planned.method).toBe('GET');
      const url = new URL(planned.path, 'http://shop');
      expect(url.pathname).toBe('/products');
      const query = listProductsQuery.parse(Object.fromEntries(url.searchParams));
      if (query.category) {
        expect(catalog.categorySlugs).toContain(query.category);
        seen.category++;
      }
      if (query.brand) seen.brand++;
      if (query.minPriceCents !== undefined) seen.price++;
      if (query.page === 1) seen.page1++;
      expect(query.page).toBeLessThanOrEqual(5);
      seen.sorts.add(query.sort);
    }
    expect(seen.category / 500).toBeCloseTo(0.4, 1);
    expect(seen.brand).toBeGreaterThan(0);
    expect(seen.price).toBeGreaterThan(0);
    expect(seen.page1 / 500).toBeCloseTo(0.7, 1);
    expect(seen.sorts.size).toBe(5);
  });

  it('detail reads a sampled product', () => {
    const ctx = context(2);
    for (let i = 0; i < 50; i++) {
      const { method, path } = SCENARIOS.detail.plan(ctx);
      expect(method).toBe('GET');
      expect(catalog.productIds.map((id) => `/products/${id}`)).toContain(path);
    }
  });

  it('pricing quotes 2-8 different sampled SKUs', () => {
    const ctx = context(3);
    for (let i = 0; i < 50; i++) {
      const planned = SCENARIOS.pricing.plan(ctx);
      expect([planned.method, planned.path, planned.headers['content-type']]).toEqual([
        'POST',
        '/pricing/quote',
        'application/json',
      ]);
      const items = lineItemsSchema.parse(JSON.parse(planned.body ?? '').items);
      expect(items.length).toBeGreaterThanOrEqual(2);
      expect(items.length).toBeLessThanOrEqual(8);
      expect(new Set(items.map((item) => item.sku)).size).toBe(items.length);
      for (const item of items) expect(catalog.skus).toContain(item.sku);
    }
  });

  it('checkout places an order for a seeded user with a fresh Idempotency-Key each time', () => {
    const ctx = context(4);
    const keys = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const planned = SCENARIOS.checkout.plan(ctx);
      expect([planned.method, planned.path]).toEqual(['POST', '/orders']);
      const key = planned.headers['idempotency-key'] as string;
      expect(key).toMatch(/^[\x21-\x7e]+$/);
      keys.add(key);
      const body = JSON.parse(planned.body ?? '');
      expect(body.userId).toBeGreaterThanOrEqual(1);
      expect(body.userId).toBeLessThanOrEqual(catalog.maxUserId);
      expect(lineItemsSchema.parse(body.items).length).toBeLessThanOrEqual(3);
      expect(body.shippingCountry).toMatch(/^[A-Z]{2}$/);
      expect(body.paymentMethod).toBe('tok_visa');
    }
    expect(keys.size).toBe(50);
  });

  it('offers gzip, deflate and br on every request, as browsers do (so an uncompressed shop is observable)', () => {
    for (const name of SCENARIO_NAMES) {
      const planned = SCENARIOS[name].plan(context(3));
      expect(planned.headers['accept-encoding'], name).toBe('gzip, deflate, br');
      expect(planned.headers['accept'], name).toBe('application/json');
    }
  });

  it('counts a declined payment or an empty shelf as a correct checkout answer, not an error', () => {
    expect(SCENARIOS.checkout.expectedStatuses).toEqual([201, 402, 409]);
    expect(SCENARIOS.browse.expectedStatuses).toEqual([200]);
  });
});

describe('scenarioWeights', () => {
  it('drops checkout when the shop has no users', () => {
    expect(scenarioWeights(catalog)).toEqual({ browse: 60, detail: 25, pricing: 10, checkout: 5 });
    expect(scenarioWeights({ ...catalog, maxUserId: 0 })).toEqual({ browse: 60, detail: 25, pricing: 10, checkout: 0 });
  });
});
