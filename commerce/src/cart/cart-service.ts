import type pg from 'pg';
import { NotFoundError } from '../http/errors.js';
import type { LineItem } from '../pricing/line-items.js';
import type { Quote } from '../pricing/price-lines.js';
import { type PricingService, UnknownSkuError } from '../pricing/pricing-service.js';

export interface CartView {
  id: string;
  userId: number | null;
  items: LineItem[];
  /** The cart priced now; null while it is empty. */
  quote: Quote | null;
  createdAt: string;
  updatedAt: string;
}

interface CartRow {
  id: string;
  user_id: number | null;
  created_at: Date;
  updated_at: Date;
}

export class CartService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly pricing: PricingService,
  ) {}

  async create(userId: number | undefined): Promise<CartView> {
    if (userId !== undefined) await this.requireUser(userId);
    const { rows } = await this.pool.query<CartRow>(
      'INSERT INTO carts (user_id) VALUES ($1) RETURNING id, user_id, created_at, updated_at',
      [userId ?? null],
    );
    return this.view(rows[0] as CartRow);
  }

  async get(cartId: string): Promise<CartView> {
    return this.view(await this.cartRow(cartId));
  }

  /** Sets the quantity of one SKU; 0 removes it. */
  async setQuantity(cartId: string, sku: string, quantity: number): Promise<CartView> {
    await this.cartRow(cartId);
    if (quantity === 0) {
      await this.pool.query(
        'DELETE FROM cart_items WHERE cart_id = $1 AND variant_id = (SELECT id FROM product_variants WHERE sku = $2)',
        [cartId, sku],
      );
    } else {
      const inserted = await this.pool.query(
        `INSERT INTO cart_items (cart_id, variant_id, quantity)
         SELECT $1, v.id, $3 FROM product_variants v WHERE v.sku = $2
         ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = EXCLUDED.quantity`,
        [cartId, sku, quantity],
      );
      if (inserted.rowCount === 0) throw new UnknownSkuError([sku]);
    }
    const { rows } = await this.pool.query<CartRow>(
      'UPDATE carts SET updated_at = now() WHERE id = $1 RETURNING id, user_id, created_at, updated_at',
      [cartId],
    );
    return this.view(rows[0] as CartRow);
  }

  async delete(cartId: string): Promise<void> {
    const result = await this.pool.query('DELETE FROM carts WHERE id = $1', [cartId]);
    if (result.rowCount === 0) throw new NotFoundError(`cart ${cartId} not found`);
  }

  private async cartRow(cartId: string): Promise<CartRow> {
    const { rows } = await this.pool.query<CartRow>(
      'SELECT id, user_id, created_at, updated_at FROM carts WHERE id = $1',
      [cartId],
    );
    if (!rows[0]) throw new NotFoundError(`cart ${cartId} not found`);
    return rows[0];
  }

  private async requireUser(userId: number): Promise<void> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM users WHERE id = $1', [userId]);
    if (rowCount === 0) throw new NotFoundError(`user ${userId} not found`);
  }

  private async view(row: CartRow): Promise<CartView> {
    const { rows } = await this.pool.query<LineItem>(
      `SELECT v.sku, ci.quantity FROM cart_items ci JOIN product_variants v ON v.id = ci.variant_id
       WHERE ci.cart_id = $1 ORDER BY ci.added_at, ci.variant_id`,
      [row.id],
    );
    const items = rows.map(({ sku, quantity }) => ({ sku, quantity }));
    return {
      id: row.id,
      userId: row.user_id,
      items,
      quote: items.length === 0 ? null : await this.pricing.quote(items),
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  }
}
