import type { Category, CategoryRef, Product, ProductImage, ProductSummary, Variant } from './catalog-types.js';

/** Columns both profiles select from `products p`; keep the mappers and the SQL in step through this list. */
export const PRODUCT_COLUMNS =
  'p.id, p.slug, p.name, p.description, p.brand, p.category_id, p.base_price_cents, p.currency, p.rating, p.review_count, p.created_at, p.updated_at';
export const VARIANT_COLUMNS = 'v.id, v.product_id, v.sku, v.name, v.color, v.size, v.price_cents';
export const IMAGE_COLUMNS = 'i.product_id, i.url, i.alt';
/** Variants and images come back in display order. */
export const VARIANT_ORDER = 'v.position, v.id';
export const IMAGE_ORDER = 'i.position, i.id';

export interface ProductRow {
  id: number;
  slug: string;
  name: string;
  description: string;
  brand: string;
  category_id: number;
  base_price_cents: number;
  currency: string;
  /** numeric(2,1) arrives as a string, e.g. "4.5". */
  rating: string;
  review_count: number;
  created_at: Date;
  updated_at: Date;
}

export interface VariantRow {
  id: number;
  product_id: number;
  sku: string;
  name: string;
  color: string | null;
  size: string | null;
  price_cents: number;
}

export interface ImageRow {
  product_id: number;
  url: string;
  alt: string;
}

export interface CategoryRow {
  id: number;
  slug: string;
  name: string;
  parent_id: number | null;
}

export function toVariant(row: VariantRow): Variant {
  return { id: row.id, sku: row.sku, name: row.name, color: row.color, size: row.size, priceCents: row.price_cents };
}

export function toImage(row: ImageRow): ProductImage {
  return { url: row.url, alt: row.alt };
}

export function toCategoryRef(row: CategoryRow): CategoryRef {
  return { id: row.id, slug: row.slug, name: row.name };
}

export function toCategory(row: CategoryRow): Category {
  return { id: row.id, slug: row.slug, name: row.name, parentId: row.parent_id };
}

export function toSummary(
  row: ProductRow,
  category: CategoryRow,
  variants: VariantRow[],
  images: ImageRow[],
): ProductSummary {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    brand: row.brand,
    category: toCategoryRef(category),
    priceCents: row.base_price_cents,
    currency: row.currency,
    rating: Number(row.rating),
    reviewCount: row.review_count,
    createdAt: row.created_at.toISOString(),
    variants: variants.map(toVariant),
    images: images.map(toImage),
  };
}

export function toProduct(row: ProductRow, category: CategoryRow, variants: VariantRow[], images: ImageRow[]): Product {
  return {
    ...toSummary(row, category, variants, images),
    description: row.description,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Groups rows by product_id, keeping each group in the order the rows came. */
export function groupByProduct<R extends { product_id: number }>(rows: readonly R[]): Map<number, R[]> {
  const groups = new Map<number, R[]>();
  for (const row of rows) {
    const group = groups.get(row.product_id);
    if (group) group.push(row);
    else groups.set(row.product_id, [row]);
  }
  return groups;
}
