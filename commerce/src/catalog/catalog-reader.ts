import type pg from 'pg';
import type { ProductFilter } from './catalog-filter.js';
import type { Category, Page, Product, ProductSummary } from './catalog-types.js';

/** How a profile reads the catalog. Implementations must return identical values for identical data. */
export interface CatalogReader {
  listProducts(pool: pg.Pool, filter: ProductFilter): Promise<Page<ProductSummary>>;
  /** null when there is no such product (null, not undefined, so "absent" can be cached). */
  getProduct(pool: pg.Pool, id: number): Promise<Product | null>;
  listCategories(pool: pg.Pool): Promise<Category[]>;
}

export const CATEGORY_SQL = 'SELECT id, slug, name, parent_id FROM categories ORDER BY id';
