import type { Queryable } from '../db/queryable.js';

export interface ReservationLine {
  variantId: number;
  sku: string;
  quantity: number;
}

export interface StockShortage {
  sku: string;
  requested: number;
  available: number;
}

/**
 * How a profile holds stock for an order. Runs inside the caller's transaction; returns the shortages (empty when
 * every line was reserved) and the caller rolls back if there are any. Lines are locked in variant-id order in
 * both profiles so concurrent orders over the same SKUs queue instead of deadlocking.
 */
export interface InventoryReserver {
  reserve(tx: Queryable, lines: readonly ReservationLine[]): Promise<StockShortage[]>;
  release(tx: Queryable, lines: readonly ReservationLine[]): Promise<void>;
}

const byVariant = (lines: readonly ReservationLine[]) => [...lines].sort((a, b) => a.variantId - b.variantId);

/** Reports shortages in the order of `lines`, whatever order they were found in. */
function inLineOrder(
  lines: readonly ReservationLine[],
  shortages: ReadonlyMap<number, StockShortage>,
): StockShortage[] {
  return lines.flatMap((line) => {
    const shortage = shortages.get(line.variantId);
    return shortage ? [shortage] : [];
  });
}

/** One UPDATE per line, each awaited before the next (plus a SELECT for every line that falls short). */
export const naiveReserver: InventoryReserver = {
  async reserve(tx, lines) {
    const shortages = new Map<number, StockShortage>();
    for (const line of byVariant(lines)) {
      const updated = await tx.query(
        `UPDATE inventory SET reserved = reserved + $2, updated_at = now()
         WHERE variant_id = $1 AND on_hand - reserved >= $2`,
        [line.variantId, line.quantity],
      );
      if (updated.rowCount === 1) continue;
      const { rows } = await tx.query<{ available: number }>(
        'SELECT on_hand - reserved AS available FROM inventory WHERE variant_id = $1',
        [line.variantId],
      );
      shortages.set(line.variantId, { sku: line.sku, requested: line.quantity, available: rows[0]?.available ?? 0 });
    }
    return inLineOrder(lines, shortages);
  },

  async release(tx, lines) {
    for (const line of byVariant(lines)) {
      await tx.query(
        'UPDATE inventory SET reserved = GREATEST(reserved - $2, 0), updated_at = now() WHERE variant_id = $1',
        [line.variantId, line.quantity],
      );
    }
  },
};

/** Two statements for any number of lines: lock and read all rows, then reserve all of them at once. */
export const optimizedReserver: InventoryReserver = {
  async reserve(tx, lines) {
    const sorted = byVariant(lines);
    const ids = sorted.map((line) => line.variantId);
    const { rows } = await tx.query<{ variant_id: number; available: number }>(
      `SELECT variant_id, on_hand - reserved AS available FROM inventory
       WHERE variant_id = ANY($1::int[]) ORDER BY variant_id FOR UPDATE`,
      [ids],
    );
    const available = new Map(rows.map((row) => [row.variant_id, row.available]));
    const shortages = new Map<number, StockShortage>();
    for (const line of sorted) {
      const have = available.get(line.variantId) ?? 0;
      if (have < line.quantity)
        shortages.set(line.variantId, { sku: line.sku, requested: line.quantity, available: have });
    }
    if (shortages.size === 0) {
      await tx.query(
        `UPDATE inventory i SET reserved = i.reserved + w.quantity, updated_at = now()
         FROM unnest($1::int[], $2::int[]) AS w(variant_id, quantity) WHERE i.variant_id = w.variant_id`,
        [ids, sorted.map((line) => line.quantity)],
      );
    }
    return inLineOrder(lines, shortages);
  },

  async release(tx, lines) {
    await tx.query(
      `UPDATE inventory i SET reserved = GREATEST(i.reserved - w.quantity, 0), updated_at = now()
       FROM unnest($1::int[], $2::int[]) AS w(variant_id, quantity) WHERE i.variant_id = w.variant_id`,
      [lines.map((line) => line.variantId), lines.map((line) => line.quantity)],
    );
  },
};
