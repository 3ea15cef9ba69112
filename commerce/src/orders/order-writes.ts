import type { Queryable } from '../db/queryable.js';
import type { Quote } from '../pricing/price-lines.js';

/** Writes the order, its lines and its first status entry; returns the new order id. */
export async function insertOrder(tx: Queryable, userId: number, quote: Quote): Promise<number> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO orders (user_id, status, currency, subtotal_cents, discount_cents, shipping_cents, total_cents)
     VALUES ($1, 'placed', $2, $3, $4, $5, $6) RETURNING id`,
    [userId, quote.currency, quote.subtotalCents, quote.discountCents, quote.shippingCents, quote.totalCents],
  );
  const orderId = Number(rows[0]?.id);
  const { lines } = quote;
  await tx.query(
    `INSERT INTO order_items (order_id, variant_id, sku, product_name, quantity, unit_price_cents, discount_cents)
     SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[])`,
    [
      orderId,
      lines.map((l) => l.variantId),
      lines.map((l) => l.sku),
      lines.map((l) => l.productName),
      lines.map((l) => l.quantity),
      lines.map((l) => l.unitPriceCents),
      lines.map((l) => l.discountCents),
    ],
  );
  await tx.query(`INSERT INTO order_status_log (order_id, status) VALUES ($1, 'placed')`, [orderId]);
  return orderId;
}

export interface StatusChange {
  paymentId?: string;
  shipmentId?: string;
  note?: string;
  /** Status written to the log when it differs from the order's new status (e.g. `shipment_pending`). */
  logStatus?: string;
}

/** Sets the order's status (and payment/shipment ids when given) and appends the status log entry. */
export async function setOrderStatus(
  db: Queryable,
  orderId: number,
  status: string,
  change: StatusChange = {},
): Promise<void> {
  await db.query(
    `WITH updated AS (
       UPDATE orders SET status = $2, payment_id = COALESCE($3, payment_id), shipment_id = COALESCE($4, shipment_id),
         updated_at = now()
       WHERE id = $1 RETURNING id)
     INSERT INTO order_status_log (order_id, status, note) SELECT id, $5, $6 FROM updated`,
    [
      orderId,
      status,
      change.paymentId ?? null,
      change.shipmentId ?? null,
      change.logStatus ?? status,
      change.note ?? '',
    ],
  );
}
