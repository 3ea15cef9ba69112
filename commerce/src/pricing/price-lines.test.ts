import { describe, expect, it } from 'vitest';
import { aggregateLineItems } from './line-items.js';
import { priceLines, type SkuPrice } from './price-lines.js';

const price = (sku: string, unitPriceCents: number, percentOff = 0): SkuPrice => ({
  variantId: 1,
  sku,
  productId: 1,
  productName: 'Thing',
  unitPriceCents,
  percentOff,
});

describe('aggregateLineItems', () => {
  it('sums repeated SKUs at the position of their first appearance', () => {
    expect(
      aggregateLineItems([
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 2 },
        { sku: 'A', quantity: 3 },
      ]),
    ).toEqual([
      { sku: 'A', quantity: 4 },
      { sku: 'B', quantity: 2 },
    ]);
  });

  it('does not mutate its input', () => {
    const input = [
      { sku: 'A', quantity: 1 },
      { sku: 'A', quantity: 1 },
    ];
    aggregateLineItems(input);
    expect(input[0]).toEqual({ sku: 'A', quantity: 1 });
  });

  it('rejects a merged quantity above the per-line maximum', () => {
    expect(() =>
      aggregateLineItems([
        { sku: 'A', quantity: 600 },
        { sku: 'A', quantity: 600 },
      ]),
    ).toThrow('quantity of A adds up to 1200');
  });
});

describe('priceLines', () => {
  it('follows the worked example: 2 × 1,999¢ at 15% off ships at the flat rate', () => {
    const quote = priceLines([{ sku: 'A', quantity: 2 }], new Map([['A', price('A', 1999, 15)]]));
    expect(quote.lines[0]).toMatchObject({ discountCents: 600, lineTotalCents: 3398 });
    expect(quote).toMatchObject({ subtotalCents: 3998, discountCents: 600, shippingCents: 599, totalCents: 3997 });
  });

  it('ships free once the discounted subtotal reaches 5,000¢', () => {
    const quote = priceLines([{ sku: 'A', quantity: 1 }], new Map([['A', price('A', 5000)]]));
    expect(quote).toMatchObject({ shippingCents: 0, totalCents: 5000 });
  });
});
