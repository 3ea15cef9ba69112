import type { Queryable } from '../db/queryable.js';
import type { SkuPrice } from './price-lines.js';

/** How a profile looks up prices. Returns an entry per known SKU; unknown SKUs are simply absent. */
export interface PricingReader {
  pricesOf(db: Queryable, skus: readonly string[]): Promise<Map<string, SkuPrice>>;
}

interface PriceRow {
  variant_id: number;
  sku: string;
  product_id: number;
  product_name: string;
  price_cents: number;
  percent_off: number;
}

/** The best promotion active now for the variant's category (promotions are per category). */
const PRICE_SELECT = `SELECT v.id AS variant_id, v.sku, p.id AS product_id, p.name AS product_name, v.price_cents,
  COALESCE((SELECT max(pr.percent_off) FROM promotions pr
            WHERE pr.category_id = p.category_id AND pr.starts_at <= now() AND pr.ends_at > now()), 0)::int AS percent_off
  FROM product_variants v JOIN products p ON p.id = v.product_id`;

function toPrice(row: PriceRow): SkuPrice {
  return {
    variantId: row.variant_id,
    sku: row.sku,
    productId: row.product_id,
    productName: row.product_name,
    unitPriceCents: row.price_cents,
    percentOff: row.percent_off,
  };
}

/** One query per SKU, each awaited before the next: a 20-line cart is 20 round trips in a row. */
export const naivePricingReader: PricingReader = {
  async pricesOf(db, skus) {
    const prices = new Map<string, SkuPrice>();
    for (const sku of skus) {
      const { rows } = await db.query<PriceRow>(`${PRICE_SELECT} WHERE v.sku = $1`, [sku]);
      if (rows[0]) prices.set(sku, toPrice(rows[0]));
    }
    return prices;
  },
};

/** One query for the whole cart. */
export const optimizedPricingReader: PricingReader = {
  async pricesOf(db, skus) {
    const { rows } = await db.query<PriceRow>(`${PRICE_SELECT} WHERE v.sku = ANY($1::text[])`, [skus]);
    return new Map(rows.map((row) => [row.sku, toPrice(row)]));
  },
};
