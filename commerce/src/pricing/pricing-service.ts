import type { Queryable } from '../db/queryable.js';
import { UnprocessableError } from '../http/errors.js';
import { aggregateLineItems, type LineItem } from './line-items.js';
import { priceLines, type Quote } from './price-lines.js';
import type { PricingReader } from './pricing-reader.js';

export class UnknownSkuError extends UnprocessableError {
  override readonly name = 'UnknownSkuError';
  constructor(readonly skus: readonly string[]) {
    super('unknown_sku', `unknown SKU${skus.length > 1 ? 's' : ''}: ${skus.join(', ')}`, { skus });
  }
}

/** Batch price calculation for a cart or an order: duplicate SKUs merged, every unknown SKU reported at once. */
export class PricingService {
  constructor(
    private readonly db: Queryable,
    private readonly reader: PricingReader,
  ) {}

  async quote(items: readonly LineItem[], db: Queryable = this.db): Promise<Quote> {
    let lines: LineItem[];
    try {
      lines = aggregateLineItems(items);
    } catch (err) {
      throw new UnprocessableError('quantity_too_large', (err as Error).message);
    }
    const prices = await this.reader.pricesOf(
      db,
      lines.map((line) => line.sku),
    );
    const unknown = lines.filter((line) => !prices.has(line.sku)).map((line) => line.sku);
    if (unknown.length > 0) throw new UnknownSkuError(unknown);
    return priceLines(lines, prices);
  }
}
