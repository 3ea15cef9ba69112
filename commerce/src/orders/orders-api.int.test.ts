import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DECLINED_PAYMENT_METHOD } from '../payments/payments-app.js';
import {
  type Backend,
  openTestDatabase,
  type ShopHandle,
  startTestShop,
  type TestDatabaseHandle,
} from '../testing/commerce-fixture.js';
import { request, type TestResponse } from '../testing/http-client.js';
import { postgresAvailable, redisAvailable } from '../testing/real-services.js';
import type { OrderDetail, OrderSummary } from './order-types.js';

const backends: Backend[] = (await postgresAvailable()) ? ['postgres', 'pglite'] : ['pglite'];
const withRedis = await redisAvailable();

type ErrorBody = { error: { code: string; message: string; details?: unknown } };

describe.each(backends)('orders API on %s (optimized profile)', (backend) => {
  let db: TestDatabaseHandle;
  let shop: ShopHandle;
  let keyCounter = 0;
  const A = 'SKU-000010-1';
  const B = 'SKU-000011-1';

  const setStock = (sku: string, onHand: number) =>
    request(shop.url, `/inventory/${sku}`, { method: 'PUT', body: { onHand } });
  const stock = async (sku: string) =>
    (
      await db.sql.query<{ on_hand: number; reserved: number }>(
        'SELECT on_hand, reserved FROM inventory i JOIN product_variants v ON v.id = i.variant_id WHERE v.sku = $1',
        [sku],
      )
    ).rows[0];
  /** key null sends no Idempotency-Key header. */
  const placeOrder = (body: unknown, key: string | null = `key-${backend}-${++keyCounter}`): Promise<TestResponse> =>
    request(shop.url, '/orders', { method: 'POST', body, headers: key === null ? {} : { 'idempotency-key': key } });
  const faults = (body: unknown) => request(shop.commerce.paymentsUrl, '/_faults', { method: 'PUT', body });

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    shop = await startTestShop(db, 'optimized', {
      redis: backend === 'postgres' && withRedis,
      payments: { timeoutMillis: 500, maxAttempts: 2, baseDelayMillis: 5, breaker: { volumeThreshold: 1000 } },
    });
  });
  afterAll(async () => {
    await shop?.close();
    await db?.close();
  });
  beforeEach(async () => {
    await request(shop.commerce.paymentsUrl, '/_faults', { method: 'DELETE' });
    await db.sql.query('UPDATE inventory SET reserved = 0');
    await setStock(A, 100);
    await setStock(B, 100);
  });

  it('creates an order once per Idempotency-Key and replays the stored response', async () => {
    const body = { userId: 5, items: [{ sku: A, quantity: 2 }] };
    const first = await placeOrder(body, 'idem-1');
    expect(first.status).toBe(201);
    const order = first.json as OrderDetail;
    expect(first.headers.location).toBe(`/orders/${order.id}`);
    expect(order).toMatchObject({ userId: 5, status: 'processing', items: [{ sku: A, quantity: 2 }] });
    expect(order.paymentId).toMatch(/^pay_/);
    expect(order.statusLog.map((e) => e.status)).toEqual(['processing', 'paid', 'placed']);
    const replay = await placeOrder(body, 'idem-1');
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.text).toBe(first.text);
    expect((await stock(A))?.reserved).toBe(2);
    const { rows } = await db.sql.query('SELECT 1 FROM orders WHERE user_id = 5 AND id >= $1', [order.id]);
    expect(rows).toHaveLength(1);
  });

  it('rejects a reused key with another body (422) and a missing key (400)', async () => {
    await placeOrder({ userId: 6, items: [{ sku: A, quantity: 1 }] }, 'idem-2');
    const reused = await placeOrder({ userId: 6, items: [{ sku: A, quantity: 3 }] }, 'idem-2');
    expect(reused.status).toBe(422);
    expect((reused.json as ErrorBody).error.code).toBe('idempotency_key_reused');
    const missing = await placeOrder({ userId: 6, items: [{ sku: A, quantity: 1 }] }, null);
    expect(missing.status).toBe(400);
    expect((missing.json as ErrorBody).error.message).toContain(
      'headers.idempotency-key: the Idempotency-Key header is required',
    );
  });

  it('aggregates duplicate SKUs into one line and reserves their sum', async () => {
    const res = await placeOrder({
      userId: 7,
      items: [
        { sku: A, quantity: 1 },
        { sku: B, quantity: 2 },
        { sku: A, quantity: 3 },
      ],
    });
    expect(res.status).toBe(201);
    expect((res.json as OrderDetail).items.map((i) => [i.sku, i.quantity])).toEqual([
      [A, 4],
      [B, 2],
    ]);
    expect(await stock(A)).toEqual({ on_hand: 100, reserved: 4 });
    expect(await stock(B)).toEqual({ on_hand: 100, reserved: 2 });
  });

  it('never oversells under concurrent orders for the same stock', async () => {
    await setStock(A, 5);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        placeOrder({
          userId: 10 + i,
          items: [
            { sku: A, quantity: 1 },
            { sku: B, quantity: 1 },
          ],
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 409)).toHaveLength(7);
    expect(await stock(A)).toEqual({ on_hand: 5, reserved: 5 });
    expect(await stock(B)).toEqual({ on_hand: 100, reserved: 5 });
    const refused = results.find((r) => r.status === 409)?.json as ErrorBody;
    expect(refused.error).toMatchObject({
      code: 'insufficient_stock',
      details: { shortages: [{ sku: A, requested: 1, available: 0 }] },
    });
  });

  it('reports every unknown SKU at once (422) and keeps the key usable', async () => {
    const res = await placeOrder(
      {
        userId: 8,
        items: [
          { sku: 'NOPE-1', quantity: 1 },
          { sku: A, quantity: 1 },
          { sku: 'NOPE-2', quantity: 1 },
        ],
      },
      'idem-3',
    );
    expect(res.status).toBe(422);
    expect((res.json as ErrorBody).error).toMatchObject({
      code: 'unknown_sku',
      details: { skus: ['NOPE-1', 'NOPE-2'] },
    });
    expect((await placeOrder({ userId: 8, items: [{ sku: A, quantity: 1 }] }, 'idem-3')).status).toBe(201);
  });

  it('answers a declined card with 402, releases the stock, and replays the 402 for the same key', async () => {
    const body = { userId: 9, items: [{ sku: B, quantity: 3 }], paymentMethod: DECLINED_PAYMENT_METHOD };
    const res = await placeOrder(body, 'idem-4');
    expect(res.status).toBe(402);
    expect((res.json as ErrorBody).error.code).toBe('payment_declined');
    expect((await stock(B))?.reserved).toBe(0);
    const replay = await placeOrder(body, 'idem-4');
    expect(replay.status).toBe(402);
    expect(replay.text).toBe(res.text);
  });

  it('answers 503 + Retry-After while payments fail, releases stock and key, and succeeds on retry', async () => {
    await faults({ failNext: 2 });
    const body = { userId: 12, items: [{ sku: A, quantity: 1 }] };
    const failed = await placeOrder(body, 'idem-5');
    expect(failed.status).toBe(503);
    expect(failed.headers['retry-after']).toBeDefined();
    expect((await stock(A))?.reserved).toBe(0);
    const retried = await placeOrder(body, 'idem-5');
    expect(retried.status).toBe(201);
    expect((await stock(A))?.reserved).toBe(1);
  });

  it('lists a user’s orders newest first, paginated and capped at 100 per page', async () => {
    const { rows } = await db.sql.query<{ user_id: number; n: number }>(
      'SELECT user_id, count(*)::int AS n FROM orders GROUP BY user_id ORDER BY n DESC, user_id LIMIT 1',
    );
    const heavy = rows[0] as { user_id: number; n: number };
    expect(heavy.n).toBeGreaterThan(100);
    const page = (await request(shop.url, `/users/${heavy.user_id}/orders?pageSize=1000`)).json as {
      items: OrderSummary[];
      pageSize: number;
      total: number;
    };
    expect(page).toMatchObject({ pageSize: 100, total: heavy.n });
    expect(page.items).toHaveLength(100);
    const times = page.items.map((o) => o.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    const second = (await request(shop.url, `/users/${heavy.user_id}/orders?page=2&pageSize=100`)).json as {
      items: OrderSummary[];
    };
    expect(second.items).toHaveLength(Math.min(100, heavy.n - 100));
    expect((second.items[0]?.createdAt ?? '') <= (page.items[99]?.createdAt ?? '')).toBe(true);
    expect((await request(shop.url, '/users/999999/orders')).status).toBe(404);
  });

  it('shows an order with its last 20 status entries, newest first', async () => {
    const { rows } = await db.sql.query<{ order_id: string; n: number }>(
      'SELECT order_id, count(*)::int AS n FROM order_status_log GROUP BY order_id HAVING count(*) > 20 ORDER BY order_id LIMIT 1',
    );
    const orderId = Number(rows[0]?.order_id);
    const res = await request(shop.url, `/orders/${orderId}`);
    const order = res.json as OrderDetail;
    expect(order.statusLog).toHaveLength(20);
    const newest = await db.sql.query<{ status: string; created_at: Date }>(
      'SELECT status, created_at FROM order_status_log WHERE order_id = $1 ORDER BY created_at DESC, id DESC LIMIT 20',
      [orderId],
    );
    expect(order.statusLog.map((e) => [e.status, e.at])).toEqual(
      newest.rows.map((r) => [r.status, r.created_at.toISOString()]),
    );
    expect((await request(shop.url, '/orders/987654321')).status).toBe(404);
  });
});
