// Route B: pure CPU, no I/O. Builds 50 catalog-like objects and serializes them, so what an instrumentation adds
// per request (middleware, context, span/histogram bookkeeping) is the only thing besides Express and JSON.
import type { RequestHandler } from 'express';

export const ITEMS_PATH = '/bench/items';
const ITEM_COUNT = 50;
const EPOCH_MS = Date.parse('2025-01-01T00:00:00Z');

export const itemsRoute: RequestHandler = (req, res, next) => {
  if (req.method !== 'GET' || req.path !== ITEMS_PATH) return next();
  const items = Array.from({ length: ITEM_COUNT }, (_, i) => ({
    id: i + 1,
    sku: `SKU-${String(i + 1).padStart(5, '0')}`,
    name: `Item ${i + 1}`,
    priceCents: 999 + i * 150,
    currency: 'EUR',
    inStock: i % 7 !== 0,
    tags: ['bench', i % 2 === 0 ? 'even' : 'odd'],
    updatedAt: new Date(EPOCH_MS + i * 60_000).toISOString(),
  }));
  res.json({ items, count: items.length });
};
