import type pg from 'pg';
import { filterSql } from './catalog-filter.js';
import {
  type CategoryRow,
  groupByProduct,
  IMAGE_COLUMNS,
  IMAGE_ORDER,
  type ImageRow,
  PRODUCT_COLUMNS,
  type ProductRow,
  toCategory,
  toProduct,
  toSummary,
  VARIANT_COLUMNS,
  VARIANT_ORDER,
  type VariantRow,
} from './catalog-mapper.js';
import { CATEGORY_SQL, type CatalogReader } from './catalog-reader.js';
import { pageOf } from './catalog-types.js';

type ProductWithCategoryRow = ProductRow & { c_id: number; c_slug: string; c_name: string; c_parent_id: number | null };

const PRODUCT_WITH_CATEGORY = `SELECT ${PRODUCT_COLUMNS}, c.id AS c_id, c.slug AS c_slug, c.name AS c_name, c.parent_id AS c_parent_id
  FROM products p JOIN categories c ON c.id = p.category_id`;

/**
 * Batched reads: a listing is 4 queries whatever the page size — the page (category joined in) and its count
 * in parallel, then all its variants and all its images with `product_id = ANY($1)`, in parallel.
 */
export const optimizedCatalogReader: CatalogReader = {
  async listProducts(pool, filter) {
    const { where, orderBy, params } = filterSql(filter);
    const offset = (filter.page - 1) * filter.pageSize;
    const [page, count] = await Promise.all([
      pool.query<ProductWithCategoryRow>(
        `${PRODUCT_WITH_CATEGORY} WHERE ${where} ORDER BY ${orderBy} LIMIT ${filter.pageSize} OFFSET ${offset}`,
        params,
      ),
      pool.query<{ total: number }>(`SELECT count(*)::int AS total FROM products p WHERE ${where}`, params),
    ]);
    const ids = page.rows.map((row) => row.id);
    const [variants, images] = ids.length === 0 ? [new Map(), new Map()] : await childrenOf(pool, ids);
    const items = page.rows.map((row) =>
      toSummary(row, categoryFrom(row), variants.get(row.id) ?? [], images.get(row.id) ?? []),
    );
    return pageOf(items, filter.page, filter.pageSize, count.rows[0]?.total ?? 0);
  },

  async getProduct(pool, id) {
    const [product, [variants, images]] = await Promise.all([
      pool.query<ProductWithCategoryRow>(`${PRODUCT_WITH_CATEGORY} WHERE p.id = $1`, [id]),
      childrenOf(pool, [id]),
    ]);
    const row = product.rows[0];
    if (!row) return null;
    return toProduct(row, categoryFrom(row), variants.get(id) ?? [], images.get(id) ?? []);
  },

  async listCategories(pool) {
    return (await pool.query<CategoryRow>(CATEGORY_SQL)).rows.map(toCategory);
  },
};

function categoryFrom(row: ProductWithCategoryRow): CategoryRow {
  return { id: row.c_id, slug: row.c_slug, name: row.c_name, parent_id: row.c_parent_id };
}

async function childrenOf(
  pool: pg.Pool,
  productIds: number[],
): Promise<[Map<number, VariantRow[]>, Map<number, ImageRow[]>]> {
  const [variants, images] = await Promise.all([
    pool.query<VariantRow>(
      `SELECT ${VARIANT_COLUMNS} FROM product_variants v WHERE v.product_id = ANY($1::int[]) ORDER BY v.product_id, ${VARIANT_ORDER}`,
      [productIds],
    ),
    pool.query<ImageRow>(
      `SELECT ${IMAGE_COLUMNS} FROM product_images i WHERE i.product_id = ANY($1::int[]) ORDER BY i.product_id, ${IMAGE_ORDER}`,
      [productIds],
    ),
  ]);
  return [groupByProduct(variants.rows), groupByProduct(images.rows)];
}
