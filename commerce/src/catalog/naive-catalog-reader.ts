import type pg from 'pg';
import { filterSql } from './catalog-filter.js';
import {
  type CategoryRow,
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

/**
 * The catalog as it is often first written: the page query, then per product a category query and a
 * variants + images pair. Listings fan out every row at once (Promise.all: 3 queries × pageSize in flight, more
 * than the pool has connections); product detail runs its four queries one after another, though none needs
 * another's result.
 */
export const naiveCatalogReader: CatalogReader = {
  async listProducts(pool, filter) {
    const { where, orderBy, params } = filterSql(filter);
    const offset = (filter.page - 1) * filter.pageSize;
    const page = await pool.query<ProductRow>(
      `SELECT ${PRODUCT_COLUMNS} FROM products p WHERE ${where} ORDER BY ${orderBy} LIMIT ${filter.pageSize} OFFSET ${offset}`,
      params,
    );
    const count = await pool.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM products p WHERE ${where}`,
      params,
    );
    const items = await Promise.all(
      page.rows.map(async (row) => {
        const [variants, images] = await Promise.all([variantsOf(pool, row.id), imagesOf(pool, row.id)]);
        const category = await categoryOf(pool, row.category_id);
        return toSummary(row, category, variants, images);
      }),
    );
    return pageOf(items, filter.page, filter.pageSize, count.rows[0]?.total ?? 0);
  },

  async getProduct(pool, id) {
    const { rows } = await pool.query<ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM products p WHERE p.id = $1`, [id]);
    const row = rows[0];
    if (!row) return null;
    const category = await categoryOf(pool, row.category_id);
    const variants = await variantsOf(pool, row.id);
    const images = await imagesOf(pool, row.id);
    return toProduct(row, category, variants, images);
  },

  async listCategories(pool) {
    return (await pool.query<CategoryRow>(CATEGORY_SQL)).rows.map(toCategory);
  },
};

async function categoryOf(pool: pg.Pool, id: number): Promise<CategoryRow> {
  const { rows } = await pool.query<CategoryRow>('SELECT id, slug, name, parent_id FROM categories WHERE id = $1', [
    id,
  ]);
  if (!rows[0]) throw new Error(`category ${id} missing (foreign key broken?)`);
  return rows[0];
}

async function variantsOf(pool: pg.Pool, productId: number): Promise<VariantRow[]> {
  const sql = `SELECT ${VARIANT_COLUMNS} FROM product_variants v WHERE v.product_id = $1 ORDER BY ${VARIANT_ORDER}`;
  return (await pool.query<VariantRow>(sql, [productId])).rows;
}

async function imagesOf(pool: pg.Pool, productId: number): Promise<ImageRow[]> {
  const sql = `SELECT ${IMAGE_COLUMNS} FROM product_images i WHERE i.product_id = $1 ORDER BY ${IMAGE_ORDER}`;
  return (await pool.query<ImageRow>(sql, [productId])).rows;
}
