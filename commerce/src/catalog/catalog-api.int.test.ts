import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Backend,
  openTestDatabase,
  type ShopHandle,
  startTestShop,
  type TestDatabaseHandle,
} from '../testing/commerce-fixture.js';
import { request } from '../testing/http-client.js';
import { postgresAvailable, redisAvailable } from '../testing/real-services.js';
import type { Page, Product, ProductSummary } from './catalog-types.js';

const backends: Backend[] = (await postgresAvailable()) ? ['postgres', 'pglite'] : ['pglite'];
const withRedis = await redisAvailable();

describe.each(backends)('catalog API on %s (optimized profile)', (backend) => {
  let db: TestDatabaseHandle;
  let shop: ShopHandle;
  const get = (path: string, headers: Record<string, string> = {}) => request(shop.url, path, { headers });

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    shop = await startTestShop(db, 'optimized', { redis: backend === 'postgres' && withRedis });
  });
  afterAll(async () => {
    await shop?.close();
    await db?.close();
  });

  it('caps pageSize at 100 and says so in the response', async () => {
    const capped = await get('/products?pageSize=500');
    expect(capped.status).toBe(200);
    const page = capped.json as Page<ProductSummary>;
    expect(page.items).toHaveLength(100);
    expect(page).toMatchObject({ page: 1, pageSize: 100, total: 100, totalPages: 1 });
    const beyond = (await get('/products?page=3&pageSize=50')).json as Page<ProductSummary>;
    expect(beyond).toMatchObject({ items: [], page: 3, total: 100, totalPages: 2 });
  });

  it('pages without overlap in a stable order, with variants and images on every row', async () => {
    const first = (await get('/products?sort=price_asc&pageSize=30')).json as Page<ProductSummary>;
    const second = (await get('/products?sort=price_asc&pageSize=30&page=2')).json as Page<ProductSummary>;
    const prices = [...first.items, ...second.items].map((p) => p.priceCents);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    const ids = new Set([...first.items, ...second.items].map((p) => p.id));
    expect(ids.size).toBe(60);
    const { rows } = await db.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM product_variants WHERE product_id = $1',
      [first.items[0]?.id],
    );
    expect(first.items[0]?.variants).toHaveLength(rows[0]?.n ?? -1);
    expect(first.items.every((p) => p.images.length >= 1)).toBe(true);
  });

  it('filters by parent category (including its children), brand, price range and name', async () => {
    const { rows } = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM products p JOIN categories c ON c.id = p.category_id
       JOIN categories parent ON parent.id = c.parent_id
       WHERE parent.slug = 'footwear' AND p.base_price_cents BETWEEN 1000 AND 30000`,
    );
    const page = (await get('/products?category=footwear&minPriceCents=1000&maxPriceCents=30000&pageSize=100'))
      .json as Page<ProductSummary>;
    expect(page.total).toBe(rows[0]?.n);
    expect(page.items.every((p) => p.priceCents >= 1000 && p.priceCents <= 30000)).toBe(true);
    const brand = page.items[0]?.brand ?? 'Aurora';
    const byBrand = (await get(`/products?brand=${brand}&pageSize=100`)).json as Page<ProductSummary>;
    expect(byBrand.items.length).toBeGreaterThan(0);
    expect(byBrand.items.every((p) => p.brand === brand)).toBe(true);
    const byName = (await get('/products?q=50%25_off')).json as Page<ProductSummary>;
    expect(byName.total).toBe(0);
  });

  it('answers invalid input with 400 naming each problem and where it is', async () => {
    const res = await get('/products?pageSize=0&sort=cheapest&color=red');
    expect(res.status).toBe(400);
    const error = (res.json as { error: { code: string; message: string; details: { issues: unknown[] } } }).error;
    expect(error.code).toBe('validation_failed');
    expect(error.details.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ location: 'query', path: 'pageSize', message: 'expected an integer of at least 1' }),
        expect.objectContaining({ location: 'query', path: 'sort' }),
        expect.objectContaining({ location: 'query', message: expect.stringContaining('color') }),
      ]),
    );
    expect(error.message).toContain('query.pageSize');
    const range = await get('/products?minPriceCents=500&maxPriceCents=100');
    expect((range.json as { error: { message: string } }).error.message).toContain('query.maxPriceCents');
    expect((await get('/products/abc')).status).toBe(400);
    const badJson = await request(shop.url, '/pricing/quote', {
      method: 'POST',
      body: '{"items": [',
      headers: { 'content-type': 'application/json' },
    });
    expect(badJson.status).toBe(400);
    expect((badJson.json as { error: { message: string } }).error.message).toMatch(/^body: invalid JSON/);
    expect((await get('/products/99999')).status).toBe(404);
  });

  it('sends strong ETags and answers a matching If-None-Match with an empty 304', async () => {
    const first = await get('/products/7');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[^"]+"$/);
    const again = await get('/products/7', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.raw.length).toBe(0);
    expect((await get('/products/7', { 'if-none-match': '"stale"' })).status).toBe(200);
  });

  it('compresses bodies of 1 KiB and more, not smaller ones, and keeps ETags per encoding', async () => {
    const identity = await get('/products?pageSize=20');
    const gzip = await get('/products?pageSize=20', { 'accept-encoding': 'gzip' });
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers.vary).toMatch(/Accept-Encoding/i);
    expect(gzip.raw.length).toBeLessThan(identity.raw.length / 2);
    expect(gzip.text).toBe(identity.text);
    expect(gzip.headers.etag).toBe((identity.headers.etag as string).replace(/"$/, '-gzip"'));
    const revalidated = await get('/products?pageSize=20', {
      'accept-encoding': 'gzip',
      'if-none-match': gzip.headers.etag as string,
    });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.etag).toBe(gzip.headers.etag);
    const small = await get('/healthz', { 'accept-encoding': 'gzip' });
    expect(small.raw.length).toBeLessThan(1024);
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it('invalidates cached product and listing reads when a product changes', async () => {
    const before = await get('/products/9');
    const listBefore = (await get('/products?sort=price_asc&pageSize=100')).json as Page<ProductSummary>;
    expect(listBefore.items.find((p) => p.id === 9)?.name).toBe((before.json as Product).name);
    const patched = await request(shop.url, '/products/9', {
      method: 'PATCH',
      body: { name: 'Renamed Lamp', basePriceCents: 1 },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ id: 9, name: 'Renamed Lamp', priceCents: 1 });
    const after = await get('/products/9', { 'if-none-match': before.headers.etag as string });
    expect(after.status).toBe(200);
    expect((after.json as Product).name).toBe('Renamed Lamp');
    const listAfter = (await get('/products?sort=price_asc&pageSize=100')).json as Page<ProductSummary>;
    expect(listAfter.items[0]).toMatchObject({ id: 9, name: 'Renamed Lamp' });
    const empty = await request(shop.url, '/products/9', { method: 'PATCH', body: {} });
    expect(empty.status).toBe(400);
  });

  it('serves repeated reads from the cache', async () => {
    const before = shop.commerce.stats().cache;
    for (let i = 0; i < 5; i++) await get('/products/11');
    const after = shop.commerce.stats().cache;
    expect(after.loads - before.loads).toBeLessThanOrEqual(1);
    expect(after.memoryHits - before.memoryHits).toBeGreaterThanOrEqual(4);
  });
});

describe('catalog API, naive profile on PGlite', () => {
  let db: TestDatabaseHandle;
  let shop: ShopHandle;
  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    shop = await startTestShop(db, 'naive');
  });
  afterAll(async () => {
    await shop?.close();
    await db?.close();
  });

  it('does not compress, and does not cache', async () => {
    const res = await request(shop.url, '/products?pageSize=50', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(res.raw.length).toBeGreaterThan(1024);
    expect(res.headers['content-encoding']).toBeUndefined();
    await request(shop.url, '/products/3');
    await request(shop.url, '/products/3');
    expect(shop.commerce.stats().cache).toMatchObject({ memoryHits: 0, redisHits: 0 });
  });
});
