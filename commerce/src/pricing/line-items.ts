import { z } from 'zod';

export const MAX_LINES = 100;
export const MAX_QUANTITY = 1_000;

export const lineItemSchema = z
  .object({
    sku: z.string().trim().min(1).max(64),
    quantity: z.number().int().min(1).max(MAX_QUANTITY),
  })
  .strict();

export const lineItemsSchema = z.array(lineItemSchema).min(1).max(MAX_LINES);

export interface LineItem {
  sku: string;
  quantity: number;
}

/**
 * Merges repeated SKUs by summing their quantities, keeping each SKU at the position of its first appearance:
 * [A×1, B×2, A×3] → [A×4, B×2]. Throws RangeError when a merged quantity exceeds MAX_QUANTITY.
 */
export function aggregateLineItems(items: readonly LineItem[]): LineItem[] {
  const merged = new Map<string, LineItem>();
  for (const { sku, quantity } of items) {
    const existing = merged.get(sku);
    if (existing) existing.quantity += quantity;
    else merged.set(sku, { sku, quantity });
  }
  const lines = [...merged.values()];
  const over = lines.find((line) => line.quantity > MAX_QUANTITY);
  if (over) throw new RangeError(`quantity of ${over.sku} adds up to ${over.quantity}, more than ${MAX_QUANTITY}`);
  return lines;
}
