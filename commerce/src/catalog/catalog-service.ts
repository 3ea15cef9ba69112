import type pg from 'pg';
import type { Cache } from '../cache/cache.js';
import { NotFoundError } from '../http/errors.js';
import { filterKey, type ProductFilter } from './catalog-filter.js';
import type { CatalogReader } from './catalog-reader.js';
import type { Category, Page, Product, ProductSummary } from './catalog-types.js';

export interface CatalogTtls {
  productMillis: number;
  listMillis: number;
  categoriesMillis: number;
}

export const DEFAULT_CATALOG_TTLS: CatalogTtls = {
  productMillis: 60_000,
  listMillis: 30_000,
  categoriesMillis: 300_000,
};

/** Every cached catalog read carries this tag; any catalog write invalidates it (listings depend on every product). */
const CATALOG_TAG = 'catalog';

export interface ProductPatch {
  name?: string | undefined;
  description?: string | undefined;
  brand?: string | undefined;
  basePriceCents?: number | undefined;
}

/** Column per patch field; a new editable field is an added entry. */
const PATCH_COLUMNS: Readonly<Record<keyof ProductPatch, string>> = {
  name: 'name',
  description: 'description',
  brand: 'brand',
  basePriceCents: 'base_price_cents',
};

/** Catalog reads through the profile's cache (a NoCache in the naive profile) and writes that invalidate it. */
export class CatalogService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly cache: Cache,
    private readonly reader: CatalogReader,
    private readonly ttls: CatalogTtls = DEFAULT_CATALOG_TTLS,
  ) {}

  listProducts(filter: ProductFilter): Promise<Page<ProductSummary>> {
    return this.cache.getOrLoad(`products?${filterKey(filter)}`, () => this.reader.listProducts(this.pool, filter), {
      ttlMillis: this.ttls.listMillis,
      tags: [CATALOG_TAG],
    });
  }

  async getProduct(id: number): Promise<Product> {
    const product = await this.cache.getOrLoad(`product:${id}`, () => this.reader.getProduct(this.pool, id), {
      ttlMillis: this.ttls.productMillis,
      tags: [CATALOG_TAG],
    });
    if (!product) throw new NotFoundError(`product ${id} not found`);
    return product;
  }

  listCategories(): Promise<Category[]> {
    return this.cache.getOrLoad('categories', () => this.reader.listCategories(this.pool), {
      ttlMillis: this.ttls.categoriesMillis,
      tags: [CATALOG_TAG],
    });
  }

  /** Applies the patch, invalidates every cached catalog read, and returns the product as now stored. */
  async updateProduct(id: number, patch: ProductPatch): Promise<Product> {
    const sets: string[] = [];
    const params: unknown[] = [id];
    for (const [field, column] of Object.entries(PATCH_COLUMNS) as Array<[keyof ProductPatch, string]>) {
      if (patch[field] === undefined) continue;
      params.push(patch[field]);
      sets.push(`${column} = $${params.length}`);
    }
    const result = await this.pool.query(
      `UPDATE products SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1`,
      params,
    );
    if (result.rowCount === 0) throw new NotFoundError(`product ${id} not found`);
    await this.cache.invalidateTags([CATALOG_TAG]);
    const product = await this.reader.getProduct(this.pool, id);
    if (!product) throw new NotFoundError(`product ${id} not found`);
    return product;
  }
}
