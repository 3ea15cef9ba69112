import type { Queryable } from '../db/queryable.js';

export interface StockLevel {
  sku: string;
  onHand: number;
  reserved: number;
  available: number;
}

interface StockRow {
  sku: string;
  on_hand: number;
  reserved: number;
}

const STOCK_SELECT = `SELECT v.sku, COALESCE(i.on_hand, 0) AS on_hand, COALESCE(i.reserved, 0) AS reserved
  FROM product_variants v LEFT JOIN inventory i ON i.variant_id = v.id`;

const toLevel = (row: StockRow): StockLevel => ({
  sku: row.sku,
  onHand: row.on_hand,
  reserved: row.reserved,
  available: row.on_hand - row.reserved,
});

/** How a profile reads stock levels; returns an entry per known SKU. */
export interface StockReader {
  levelsOf(db: Queryable, skus: readonly string[]): Promise<Map<string, StockLevel>>;
}

export const naiveStockReader: StockReader = {
  async levelsOf(db, skus) {
    const levels = new Map<string, StockLevel>();
    for (const sku of skus) {
      const { rows } = await db.query<StockRow>(`${STOCK_SELECT} WHERE v.sku = $1`, [sku]);
      if (rows[0]) levels.set(sku, toLevel(rows[0]));
    }
    return levels;
  },
};

export const optimizedStockReader: StockReader = {
  async levelsOf(db, skus) {
    const { rows } = await db.query<StockRow>(`${STOCK_SELECT} WHERE v.sku = ANY($1::text[])`, [skus]);
    return new Map(rows.map((row) => [row.sku, toLevel(row)]));
  },
};
