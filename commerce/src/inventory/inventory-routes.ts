import { Router } from 'express';
import type pg from 'pg';
import { z } from 'zod';
import { ConflictError } from '../http/errors.js';
import { parseRequest } from '../http/validate.js';
import { MAX_LINES } from '../pricing/line-items.js';
import { UnknownSkuError } from '../pricing/pricing-service.js';
import type { StockLevel, StockReader } from './stock-reader.js';

const skuList = z
  .string()
  .transform((text) => [
    ...new Set(
      text
        .split(',')
        .map((sku) => sku.trim())
        .filter(Boolean),
    ),
  ])
  .pipe(z.array(z.string().max(64)).min(1, 'needs at least one SKU').max(MAX_LINES));
const levelsQuery = z.object({ skus: skuList }).strict();
const skuParams = z.object({ sku: z.string().min(1).max(64) });
const setStockBody = z.object({ onHand: z.number().int().min(0).max(1_000_000) }).strict();

export function inventoryRoutes(pool: pg.Pool, reader: StockReader): Router {
  const router = Router();

  /** GET /inventory?skus=A,B → levels in the order asked; every unknown SKU is reported in one 422. */
  router.get('/inventory', async (req, res) => {
    const { query } = parseRequest(req, { query: levelsQuery });
    const levels = await reader.levelsOf(pool, query.skus);
    const unknown = query.skus.filter((sku) => !levels.has(sku));
    if (unknown.length > 0) throw new UnknownSkuError(unknown);
    res.json({ items: query.skus.map((sku) => levels.get(sku) as StockLevel) });
  });

  /** Restock or count correction; on hand may not drop below what placed orders hold. */
  router.put('/inventory/:sku', async (req, res) => {
    const { params, body } = parseRequest(req, { params: skuParams, body: setStockBody });
    const { rows } = await pool.query<{ sku: string; on_hand: number; reserved: number; ok: boolean }>(
      `WITH target AS (SELECT i.variant_id, i.reserved FROM inventory i JOIN product_variants v ON v.id = i.variant_id WHERE v.sku = $1),
       updated AS (UPDATE inventory i SET on_hand = $2, updated_at = now() FROM target t
                   WHERE i.variant_id = t.variant_id AND t.reserved <= $2 RETURNING i.variant_id)
       SELECT $1 AS sku, $2::int AS on_hand, t.reserved, EXISTS (SELECT 1 FROM updated) AS ok FROM target t`,
      [params.sku, body.onHand],
    );
    const row = rows[0];
    if (!row) throw new UnknownSkuError([params.sku]);
    if (!row.ok) {
      throw new ConflictError(
        'stock_below_reserved',
        `on hand ${body.onHand} is below the ${row.reserved} reserved for ${params.sku}`,
      );
    }
    res.json({ sku: row.sku, onHand: row.on_hand, reserved: row.reserved, available: row.on_hand - row.reserved });
  });

  return router;
}
