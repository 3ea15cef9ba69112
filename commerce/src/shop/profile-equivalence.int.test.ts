import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Backend,
  openTestDatabase,
  type ShopHandle,
  startTestShop,
  type TestDatabaseHandle,
} from '../testing/commerce-fixture.js';
import { request, type TestRequest } from '../testing/http-client.js';
import { postgresAvailable, redisAvailable } from '../testing/real-services.js';

const backends: Backend[] = (await postgresAvailable()) ? ['postgres', 'pglite'] : ['pglite'];
const withRedis = await redisAvailable();

type Call = [path: string, init?: TestRequest];

const json = (method: string, body: unknown, headers: Record<string, string> = {}): TestRequest => ({
  method,
  body,
  headers,
});

/** Read-only requests over the seeded data: every listing option, details, errors. */
function readCalls(heavyUser: number, longLogOrder: number): Call[] {
  const sorts = ['newest', 'price_asc', 'price_desc', 'name', 'rating'];
  return [
    ['/categories'],
    ['/products'],
    ...sorts.map((sort): Call => [`/products?sort=${sort}&pageSize=37&page=2`]),
    ['/products?pageSize=100'],
    ['/products?pageSize=500&sort=name'],
    ['/products?category=footwear&sort=price_desc'],
    ['/products?category=running'],
    ['/products?brand=Northpeak&minPriceCents=1000&maxPriceCents=40000'],
    ['/products?q=pro&sort=rating'],
    ['/products?page=999'],
    ['/products?pageSize=0&sort=cheap'],
    ...Array.from({ length: 15 }, (_, i): Call => [`/products/${i * 7 + 1}`]),
    ['/products/99999'],
    ['/products/x'],
    [
      '/pricing/quote',
      json('POST', {
        items: [
          { sku: 'SKU-000001-1', quantity: 2 },
          { sku: 'SKU-000020-2', quantity: 1 },
          { sku: 'SKU-000001-1', quantity: 3 },
        ],
      }),
    ],
    [
      '/pricing/quote',
      json('POST', {
        items: [
          { sku: 'SKU-000001-1', quantity: 1 },
          { sku: 'NOPE', quantity: 1 },
        ],
      }),
    ],
    ['/pricing/quote', json('POST', { items: [] })],
    ['/inventory?skus=SKU-000002-1,SKU-000003-1,SKU-000004-2'],
    ['/inventory?skus=SKU-000002-1,NOPE'],
    [`/users/${heavyUser}/orders`],
    [`/users/${heavyUser}/orders?pageSize=100&page=2`],
    [`/users/${heavyUser}/orders?pageSize=1000`],
    ['/users/199/orders?page=2&pageSize=3'],
    ['/users/424242/orders'],
    ...[1, 2, 500, 999, longLogOrder].map((id): Call => [`/orders/${id}`]),
    ['/orders/77777777'],
  ];
}

describe.each(backends)('naive and optimized profiles on %s', (backend) => {
  let db: TestDatabaseHandle;
  let naive: ShopHandle;
  let optimized: ShopHandle;
  let heavyUser = 1;
  let longLogOrder = 1;

  /** Sends the call to `first`, then to `second`, and expects the same status and the same body text. */
  async function expectSame(call: Call, first = naive, second = optimized) {
    const [path, init = {}] = call;
    const withGzip = { ...init, headers: { 'accept-encoding': 'gzip', ...init.headers } };
    const a = await request(first.url, path, withGzip);
    const b = await request(second.url, path, withGzip);
    expect({ path, status: b.status, body: b.text }).toEqual({ path, status: a.status, body: a.text });
    return a;
  }

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    naive = await startTestShop(db, 'naive');
    optimized = await startTestShop(db, 'optimized', { redis: backend === 'postgres' && withRedis });
    const heavy = await db.sql.query<{ user_id: number }>(
      'SELECT user_id FROM orders GROUP BY user_id ORDER BY count(*) DESC, user_id LIMIT 1',
    );
    heavyUser = heavy.rows[0]?.user_id ?? 1;
    const long = await db.sql.query<{ order_id: string }>(
      'SELECT order_id FROM order_status_log GROUP BY order_id HAVING count(*) > 20 ORDER BY order_id LIMIT 1',
    );
    longLogOrder = Number(long.rows[0]?.order_id ?? 1);
  });
  afterAll(async () => {
    await optimized?.close();
    await naive?.close();
    await db?.close();
  });

  it('answers every read with the same status and body, twice (cold and cached)', async () => {
    const calls = readCalls(heavyUser, longLogOrder);
    for (const call of calls) await expectSame(call);
    for (const call of calls) await expectSame(call, optimized, naive);
    expect(optimized.commerce.stats().cache.memoryHits + optimized.commerce.stats().cache.redisHits).toBeGreaterThan(0);
  });

  it('replays an order placed by either profile identically in the other', async () => {
    const order = {
      userId: 3,
      items: [
        { sku: 'SKU-000005-1', quantity: 1 },
        { sku: 'SKU-000006-1', quantity: 2 },
        { sku: 'SKU-000005-1', quantity: 1 },
      ],
    };
    for (const [first, second, key] of [
      [naive, optimized, 'eq-1'],
      [optimized, naive, 'eq-2'],
    ] as const) {
      const placed = await expectSame(['/orders', json('POST', order, { 'idempotency-key': key })], first, second);
      expect(placed.status).toBe(201);
      const id = (placed.json as { id: number }).id;
      await expectSame([`/orders/${id}`]);
    }
    await expectSame(['/users/3/orders?pageSize=5']);
  });

  it('refuses the same impossible order the same way', async () => {
    await db.sql.query(
      "UPDATE inventory SET on_hand = reserved WHERE variant_id = (SELECT id FROM product_variants WHERE sku = 'SKU-000008-1')",
    );
    const body = {
      userId: 4,
      items: [
        { sku: 'SKU-000008-1', quantity: 2 },
        { sku: 'SKU-000009-1', quantity: 1 },
      ],
    };
    const a = await request(naive.url, '/orders', json('POST', body, { 'idempotency-key': 'eq-3' }));
    const b = await request(optimized.url, '/orders', json('POST', body, { 'idempotency-key': 'eq-4' }));
    expect(a.status).toBe(409);
    expect(b.text).toBe(a.text);
    await expectSame([
      '/orders',
      json(
        'POST',
        { userId: 4, items: [{ sku: 'SKU-000009-1', quantity: 1 }], paymentMethod: 'tok_declined' },
        { 'idempotency-key': 'eq-5' },
      ),
    ]);
  });

  it('shows a cart the same way', async () => {
    const cart = (await request(naive.url, '/carts', json('POST', { userId: 2 }))).json as { id: string };
    await request(naive.url, `/carts/${cart.id}/items/SKU-000012-1`, json('PUT', { quantity: 2 }));
    await request(optimized.url, `/carts/${cart.id}/items/SKU-000013-1`, json('PUT', { quantity: 1 }));
    const shown = await expectSame([`/carts/${cart.id}`]);
    expect((shown.json as { items: unknown[] }).items).toHaveLength(2);
    await expectSame(['/carts/00000000-0000-4000-8000-000000000000']);
  });
});
