import type pg from 'pg';
import { BulkInserter, flushInOrder } from './bulk-insert.js';
import type { SeededVariants } from './catalog-seed.js';
import type { Random } from './random.js';

export interface OrderCounts {
  users: number;
  orders: number;
  orderItems: number;
  statusLog: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
// About 5,000 item rows and 7,000 status-log rows per statement.
const ORDERS_PER_BATCH = 2_000;
/** Orders under this subtotal pay flat-rate shipping (cents). */
export const FREE_SHIPPING_FROM_CENTS = 5_000;
export const FLAT_SHIPPING_CENTS = 599;

/** Final status → the statuses an order passed through, in order. */
const HISTORY: Readonly<Record<string, readonly string[]>> = {
  delivered: ['placed', 'paid', 'shipped', 'delivered'],
  shipped: ['placed', 'paid', 'shipped'],
  paid: ['placed', 'paid'],
  cancelled: ['placed', 'cancelled'],
};

function finalStatus(random: Random): string {
  const r = random.next();
  return r < 0.7 ? 'delivered' : r < 0.85 ? 'shipped' : r < 0.95 ? 'paid' : 'cancelled';
}

export async function seedOrders(
  client: pg.ClientBase,
  random: Random,
  { users, orders, epochMs, variants }: { users: number; orders: number; epochMs: number; variants: SeededVariants },
): Promise<OrderCounts> {
  const userRows = new BulkInserter(client, 'users', {
    id: 'int',
    email: 'text',
    name: 'text',
    created_at: 'timestamptz',
  });
  for (let id = 1; id <= users; id++) {
    const createdAt = new Date(epochMs - random.int(400, 1500) * DAY_MS).toISOString();
    userRows.add(id, `user${id}@example.com`, `Customer ${id}`, createdAt);
  }
  await userRows.flush();

  const orderRows = new BulkInserter(client, 'orders', {
    id: 'bigint',
    user_id: 'int',
    status: 'text',
    subtotal_cents: 'int',
    discount_cents: 'int',
    shipping_cents: 'int',
    total_cents: 'int',
    payment_id: 'text',
    shipment_id: 'text',
    created_at: 'timestamptz',
    updated_at: 'timestamptz',
  });
  const itemRows = new BulkInserter(client, 'order_items', {
    order_id: 'bigint',
    variant_id: 'int',
    sku: 'text',
    product_name: 'text',
    quantity: 'int',
    unit_price_cents: 'int',
    discount_cents: 'int',
  });
  const logRows = new BulkInserter(client, 'order_status_log', {
    id: 'bigint',
    order_id: 'bigint',
    status: 'text',
    note: 'text',
    created_at: 'timestamptz',
  });
  const variantCount = variants.sku.length;
  let logId = 0;
  for (let orderId = 1; orderId <= orders; orderId++) {
    // Skewed: a few heavy buyers own thousands of orders, which is what makes an unbounded "my orders" hurt.
    const userId = 1 + random.skewed(users, 3);
    const createdMs = epochMs - Math.floor(random.next() * 365 * DAY_MS);
    let subtotal = 0;
    for (const index of random.distinct(variantCount, random.int(1, 4))) {
      const quantity = random.int(1, 3);
      const price = variants.priceCents[index] ?? 0;
      subtotal += quantity * price;
      itemRows.add(orderId, index + 1, variants.sku[index], variants.productName[index], quantity, price, 0);
    }
    const shipping = subtotal >= FREE_SHIPPING_FROM_CENTS ? 0 : FLAT_SHIPPING_CENTS;
    const status = finalStatus(random);
    const history = HISTORY[status] ?? ['placed'];
    let atMs = createdMs;
    for (const step of history) {
      logRows.add(++logId, orderId, step, '', new Date(atMs).toISOString());
      // About 2% of shipments report many tracking scans, so "last 20 entries" has something to cut.
      if (step === 'shipped' && random.chance(0.02)) {
        for (let scan = 1, scans = random.int(20, 40); scan <= scans; scan++) {
          atMs += HOUR_MS;
          logRows.add(++logId, orderId, 'in_transit', `scan ${scan}`, new Date(atMs).toISOString());
        }
      }
      atMs += random.int(1, 48) * HOUR_MS;
    }
    const created = new Date(createdMs).toISOString();
    const updated = new Date(atMs).toISOString();
    const paymentId = status === 'cancelled' ? null : `pay_seed_${orderId}`;
    const shipmentId = status === 'shipped' || status === 'delivered' ? `shp_seed_${orderId}` : null;
    orderRows.add(
      orderId,
      userId,
      status,
      subtotal,
      0,
      shipping,
      subtotal + shipping,
      paymentId,
      shipmentId,
      created,
      updated,
    );
    if (orderId % ORDERS_PER_BATCH === 0) await flushInOrder([orderRows, itemRows, logRows]);
  }
  await flushInOrder([orderRows, itemRows, logRows]);
  return { users, orders, orderItems: itemRows.rowsWritten, statusLog: logId };
}
