/** JSON shapes of the order endpoints, built by the mappers below in both profiles. */
export interface OrderItem {
  sku: string;
  productName: string;
  quantity: number;
  unitPriceCents: number;
  discountCents: number;
  lineTotalCents: number;
}

export interface StatusEntry {
  status: string;
  note: string;
  at: string;
}

export interface OrderDetail {
  id: number;
  userId: number;
  status: string;
  currency: string;
  subtotalCents: number;
  discountCents: number;
  shippingCents: number;
  totalCents: number;
  paymentId: string | null;
  shipmentId: string | null;
  createdAt: string;
  updatedAt: string;
  items: OrderItem[];
  /** The most recent STATUS_LOG_LIMIT entries, newest first. */
  statusLog: StatusEntry[];
}

export interface OrderSummary {
  id: number;
  status: string;
  currency: string;
  totalCents: number;
  /** Units across all lines. */
  itemCount: number;
  createdAt: string;
}

export const STATUS_LOG_LIMIT = 20;

export const ORDER_COLUMNS =
  'o.id, o.user_id, o.status, o.currency, o.subtotal_cents, o.discount_cents, o.shipping_cents, o.total_cents, o.payment_id, o.shipment_id, o.created_at, o.updated_at';
export const ITEM_SELECT =
  'SELECT sku, product_name, quantity, unit_price_cents, discount_cents FROM order_items WHERE order_id = $1 ORDER BY variant_id';
/** Newest first; id breaks ties between entries written in one transaction (same now()). */
export const LOG_ORDER = 'created_at DESC, id DESC';

export interface OrderRow {
  /** bigint arrives as a string. */
  id: string;
  user_id: number;
  status: string;
  currency: string;
  subtotal_cents: number;
  discount_cents: number;
  shipping_cents: number;
  total_cents: number;
  payment_id: string | null;
  shipment_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface ItemRow {
  sku: string;
  product_name: string;
  quantity: number;
  unit_price_cents: number;
  discount_cents: number;
}

export interface LogRow {
  status: string;
  note: string;
  created_at: Date;
}

export function toOrderDetail(row: OrderRow, items: ItemRow[], log: LogRow[]): OrderDetail {
  return {
    id: Number(row.id),
    userId: row.user_id,
    status: row.status,
    currency: row.currency,
    subtotalCents: row.subtotal_cents,
    discountCents: row.discount_cents,
    shippingCents: row.shipping_cents,
    totalCents: row.total_cents,
    paymentId: row.payment_id,
    shipmentId: row.shipment_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    items: items.map((item) => ({
      sku: item.sku,
      productName: item.product_name,
      quantity: item.quantity,
      unitPriceCents: item.unit_price_cents,
      discountCents: item.discount_cents,
      lineTotalCents: item.unit_price_cents * item.quantity - item.discount_cents,
    })),
    statusLog: log.map((entry) => ({ status: entry.status, note: entry.note, at: entry.created_at.toISOString() })),
  };
}

export function toOrderSummary(row: OrderRow, itemCount: number): OrderSummary {
  return {
    id: Number(row.id),
    status: row.status,
    currency: row.currency,
    totalCents: row.total_cents,
    itemCount,
    createdAt: row.created_at.toISOString(),
  };
}
