import type { LineItem } from './line-items.js';

/** Orders whose discounted subtotal reaches this ship free; below it a flat rate applies (cents). */
export const FREE_SHIPPING_FROM_CENTS = 5_000;
export const FLAT_SHIPPING_CENTS = 599;

/** What pricing needs to know about one SKU, read by either profile's pricing reader. */
export interface SkuPrice {
  variantId: number;
  sku: string;
  productId: number;
  productName: string;
  unitPriceCents: number;
  /** Best active promotion for the product's category, 0 when none. */
  percentOff: number;
}

export interface QuoteLine {
  sku: string;
  variantId: number;
  productId: number;
  productName: string;
  quantity: number;
  unitPriceCents: number;
  percentOff: number;
  /** Discount for the whole line: per-unit discount (rounded half up to the cent) × quantity. */
  discountCents: number;
  lineTotalCents: number;
}

export interface Quote {
  currency: 'USD';
  lines: QuoteLine[];
  subtotalCents: number;
  discountCents: number;
  shippingCents: number;
  totalCents: number;
}

/**
 * Prices aggregated line items. Worked example: 2 × 1,999¢ at 15% off → per-unit discount round(299.85) = 300¢,
 * line discount 600¢, line total 3,398¢; a subtotal of 3,998¢ − 600¢ = 3,398¢ is under 5,000¢, so shipping is 599¢
 * and the total 3,997¢.
 */
export function priceLines(items: readonly LineItem[], prices: ReadonlyMap<string, SkuPrice>): Quote {
  const lines: QuoteLine[] = items.map(({ sku, quantity }) => {
    const price = prices.get(sku);
    if (!price) throw new Error(`no price for ${sku}`);
    const unitDiscount = Math.round((price.unitPriceCents * price.percentOff) / 100);
    return {
      sku,
      variantId: price.variantId,
      productId: price.productId,
      productName: price.productName,
      quantity,
      unitPriceCents: price.unitPriceCents,
      percentOff: price.percentOff,
      discountCents: unitDiscount * quantity,
      lineTotalCents: (price.unitPriceCents - unitDiscount) * quantity,
    };
  });
  const subtotalCents = lines.reduce((sum, line) => sum + line.unitPriceCents * line.quantity, 0);
  const discountCents = lines.reduce((sum, line) => sum + line.discountCents, 0);
  const afterDiscount = subtotalCents - discountCents;
  const shippingCents = afterDiscount >= FREE_SHIPPING_FROM_CENTS ? 0 : FLAT_SHIPPING_CENTS;
  return {
    currency: 'USD',
    lines,
    subtotalCents,
    discountCents,
    shippingCents,
    totalCents: afterDiscount + shippingCents,
  };
}
