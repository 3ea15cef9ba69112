import type { Page } from '../catalog/catalog-types.js';
import { pageOf } from '../catalog/catalog-types.js';
import type { Queryable } from '../db/queryable.js';
import {
  ITEM_SELECT,
  type ItemRow,
  LOG_ORDER,
  type LogRow,
  ORDER_COLUMNS,
  type OrderDetail,
  type OrderRow,
  type OrderSummary,
  STATUS_LOG_LIMIT,
  toOrderDetail,
  toOrderSummary,
} from './order-types.js';

export interface OrderPageRequest {
  userId: number;
  page: number;
  pageSize: number;
}

/** How a profile reads orders; both return identical values for identical data. */
export interface OrderReader {
  getOrder(db: Queryable, id: number): Promise<OrderDetail | null>;
  listByUser(db: Queryable, request: OrderPageRequest): Promise<Page<OrderSummary>>;
}

const ORDER_BY_USER_ORDER = 'o.created_at DESC, o.id DESC';

/**
 * Detail: order, items and the whole status log (trimmed to 20 in JavaScript), one query after another.
 * List: every order the user ever placed (no LIMIT — thousands for heavy buyers, and without the optimized
 * profile's index a scan of all orders), sliced in JavaScript, then one item-count query per order shown.
 */
export const naiveOrderReader: OrderReader = {
  async getOrder(db, id) {
    const { rows } = await db.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders o WHERE o.id = $1`, [id]);
    if (!rows[0]) return null;
    const items = await db.query<ItemRow>(ITEM_SELECT, [id]);
    const log = await db.query<LogRow>(
      `SELECT status, note, created_at FROM order_status_log WHERE order_id = $1 ORDER BY ${LOG_ORDER}`,
      [id],
    );
    return toOrderDetail(rows[0], items.rows, log.rows.slice(0, STATUS_LOG_LIMIT));
  },

  async listByUser(db, { userId, page, pageSize }) {
    const all = await db.query<OrderRow>(
      `SELECT ${ORDER_COLUMNS} FROM orders o WHERE o.user_id = $1 ORDER BY ${ORDER_BY_USER_ORDER}`,
      [userId],
    );
    const shown = all.rows.slice((page - 1) * pageSize, page * pageSize);
    const items: OrderSummary[] = [];
    for (const row of shown) {
      const { rows } = await db.query<{ units: number }>(
        'SELECT COALESCE(sum(quantity), 0)::int AS units FROM order_items WHERE order_id = $1',
        [row.id],
      );
      items.push(toOrderSummary(row, rows[0]?.units ?? 0));
    }
    return pageOf(items, page, pageSize, all.rows.length);
  },
};

/** Detail: three bounded queries in parallel. List: one page query (item counts joined) plus a count, in parallel. */
export const optimizedOrderReader: OrderReader = {
  async getOrder(db, id) {
    const [order, items, log] = await Promise.all([
      db.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders o WHERE o.id = $1`, [id]),
      db.query<ItemRow>(ITEM_SELECT, [id]),
      db.query<LogRow>(
        `SELECT status, note, created_at FROM order_status_log WHERE order_id = $1 ORDER BY ${LOG_ORDER} LIMIT ${STATUS_LOG_LIMIT}`,
        [id],
      ),
    ]);
    if (!order.rows[0]) return null;
    return toOrderDetail(order.rows[0], items.rows, log.rows);
  },

  async listByUser(db, { userId, page, pageSize }) {
    const [shown, count] = await Promise.all([
      db.query<OrderRow & { units: number }>(
        `SELECT ${ORDER_COLUMNS}, COALESCE(u.units, 0)::int AS units
         FROM (SELECT * FROM orders o WHERE o.user_id = $1 ORDER BY ${ORDER_BY_USER_ORDER} LIMIT $2 OFFSET $3) o
         LEFT JOIN LATERAL (SELECT sum(quantity) AS units FROM order_items WHERE order_id = o.id) u ON true
         ORDER BY ${ORDER_BY_USER_ORDER}`,
        [userId, pageSize, (page - 1) * pageSize],
      ),
      db.query<{ total: number }>('SELECT count(*)::int AS total FROM orders WHERE user_id = $1', [userId]),
    ]);
    const items = shown.rows.map((row) => toOrderSummary(row, row.units));
    return pageOf(items, page, pageSize, count.rows[0]?.total ?? 0);
  },
};
