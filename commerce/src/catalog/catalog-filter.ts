import { z } from 'zod';
import { integerText } from '../http/params.js';

/** Largest page any listing returns; a larger pageSize is capped to it (the response says which size applied). */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export const pageSchema = {
  page: integerText(1, 100_000).default(1),
  pageSize: integerText(1)
    .default(DEFAULT_PAGE_SIZE)
    .transform((n) => Math.min(n, MAX_PAGE_SIZE)),
};

export const SORTS = ['newest', 'price_asc', 'price_desc', 'name', 'rating'] as const;
export type ProductSort = (typeof SORTS)[number];

const cents = integerText(0, 100_000_000);

export const listProductsQuery = z
  .object({
    category: z.string().min(1).max(100).optional(),
    brand: z.string().min(1).max(100).optional(),
    q: z.string().min(1).max(100).optional(),
    minPriceCents: cents.optional(),
    maxPriceCents: cents.optional(),
    sort: z.enum(SORTS).default('newest'),
    ...pageSchema,
  })
  .strict()
  .refine((f) => f.minPriceCents === undefined || f.maxPriceCents === undefined || f.minPriceCents <= f.maxPriceCents, {
    message: 'must not be below minPriceCents',
    path: ['maxPriceCents'],
  });

export type ProductFilter = z.output<typeof listProductsQuery>;

/** Every sort ends on id so pages never overlap or skip rows that tie. Registry keyed by sort name. */
const ORDER_BY: Readonly<Record<ProductSort, string>> = {
  newest: 'p.created_at DESC, p.id DESC',
  price_asc: 'p.base_price_cents ASC, p.id ASC',
  price_desc: 'p.base_price_cents DESC, p.id DESC',
  name: 'p.name ASC, p.id ASC',
  rating: 'p.rating DESC, p.review_count DESC, p.id ASC',
};

export interface FilterSql {
  where: string;
  orderBy: string;
  params: unknown[];
}

/**
 * WHERE and ORDER BY for a listing over `products p`, with parameters numbered from $1. A category filter
 * matches the category and its sub-categories. Both profiles use exactly this, so they select the same rows.
 */
export function filterSql(filter: ProductFilter): FilterSql {
  const params: unknown[] = [];
  const conditions: string[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.category !== undefined) {
    const slug = param(filter.category);
    conditions.push(
      `p.category_id IN (SELECT c.id FROM categories c WHERE c.slug = ${slug} OR c.parent_id = (SELECT id FROM categories WHERE slug = ${slug}))`,
    );
  }
  if (filter.brand !== undefined) conditions.push(`p.brand = ${param(filter.brand)}`);
  if (filter.q !== undefined) conditions.push(`p.name ILIKE ${param(`%${escapeLike(filter.q)}%`)}`);
  if (filter.minPriceCents !== undefined) conditions.push(`p.base_price_cents >= ${param(filter.minPriceCents)}`);
  if (filter.maxPriceCents !== undefined) conditions.push(`p.base_price_cents <= ${param(filter.maxPriceCents)}`);
  return {
    where: conditions.length === 0 ? 'TRUE' : conditions.join(' AND '),
    orderBy: ORDER_BY[filter.sort],
    params,
  };
}

/** `50%_off` matches literally, not as a pattern. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Stable cache key for a filter: same filter, same key, whatever the query-string order. */
export function filterKey(filter: ProductFilter): string {
  const entries = Object.entries(filter)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return entries.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&');
}
