import type pg from 'pg';
import { BulkInserter, flushInOrder } from './bulk-insert.js';
import type { Random } from './random.js';
import { ADJECTIVES, BRANDS, CATEGORY_TREE, COLORS, DESCRIPTION_SENTENCES, SIZES } from './words.js';

/** What order generation needs to know about the seeded variants (index i = variant id i + 1). */
export interface SeededVariants {
  priceCents: number[];
  sku: string[];
  productName: string[];
}

export interface CatalogCounts {
  categories: number;
  products: number;
  variants: number;
  images: number;
  promotions: number;
}

const DAY_MS = 86_400_000;
const MAX_VARIANTS_PER_PRODUCT = 9;
// About 5,000 variant rows per statement.
const PRODUCTS_PER_BATCH = 1_000;

/**
 * Variants per product: 1–9 at random, then nudged one at a time until they sum to exactly `variants`
 * (e.g. 10 products, 50 variants → counts like [3, 7, 5, 1, 9, 4, 6, 5, 2, 8]).
 */
export function variantCounts(random: Random, products: number, variants: number): number[] {
  const target = Math.min(Math.max(variants, products), products * MAX_VARIANTS_PER_PRODUCT);
  const counts = Array.from({ length: products }, () => random.int(1, MAX_VARIANTS_PER_PRODUCT));
  let sum = counts.reduce((a, b) => a + b, 0);
  for (let i = 0; sum !== target; i = (i + 1) % products) {
    const count = counts[i] ?? 1;
    if (sum < target && count < MAX_VARIANTS_PER_PRODUCT) {
      counts[i] = count + 1;
      sum++;
    } else if (sum > target && count > 1) {
      counts[i] = count - 1;
      sum--;
    }
  }
  return counts;
}

export async function seedCatalog(
  client: pg.ClientBase,
  random: Random,
  { products, variants, epochMs }: { products: number; variants: number; epochMs: number },
): Promise<{ counts: CatalogCounts; seeded: SeededVariants }> {
  const categories = new BulkInserter(client, 'categories', {
    id: 'int',
    slug: 'text',
    name: 'text',
    parent_id: 'int',
  });
  const leaves: Array<{ id: number; nouns: readonly string[] }> = [];
  let categoryId = 0;
  for (const top of CATEGORY_TREE) {
    const parentId = ++categoryId;
    categories.add(parentId, top.slug, top.name, null);
    for (const child of top.children) {
      leaves.push({ id: ++categoryId, nouns: top.nouns });
      categories.add(categoryId, child, titleCase(child), parentId);
    }
  }
  await categories.flush();

  const promotions = new BulkInserter(client, 'promotions', {
    id: 'int',
    category_id: 'int',
    percent_off: 'int',
    starts_at: 'timestamptz',
    ends_at: 'timestamptz',
  });
  // Fixed dates, not now(): one promotion per leaf at most is active (until 2100), one may have ended in 2024.
  let promotionId = 0;
  for (const leaf of leaves) {
    if (random.chance(0.3)) {
      promotions.add(++promotionId, leaf.id, random.int(5, 30), '2024-01-01T00:00:00Z', '2100-01-01T00:00:00Z');
    }
    if (random.chance(0.3)) {
      promotions.add(++promotionId, leaf.id, random.int(5, 50), '2024-01-01T00:00:00Z', '2024-06-01T00:00:00Z');
    }
  }
  await promotions.flush();

  const productRows = new BulkInserter(client, 'products', {
    id: 'int',
    slug: 'text',
    name: 'text',
    description: 'text',
    brand: 'text',
    category_id: 'int',
    base_price_cents: 'int',
    rating: 'numeric',
    review_count: 'int',
    created_at: 'timestamptz',
    updated_at: 'timestamptz',
  });
  const variantRows = new BulkInserter(client, 'product_variants', {
    id: 'int',
    product_id: 'int',
    sku: 'text',
    name: 'text',
    color: 'text',
    size: 'text',
    price_cents: 'int',
    position: 'int',
  });
  const inventoryRows = new BulkInserter(client, 'inventory', {
    variant_id: 'int',
    on_hand: 'int',
    reserved: 'int',
    updated_at: 'timestamptz',
  });
  const epoch = new Date(epochMs).toISOString();
  const imageRows = new BulkInserter(client, 'product_images', {
    id: 'int',
    product_id: 'int',
    url: 'text',
    alt: 'text',
    position: 'int',
  });
  let imageId = 0;
  const seeded: SeededVariants = { priceCents: [], sku: [], productName: [] };
  const perProduct = variantCounts(random, products, variants);
  for (let productId = 1; productId <= products; productId++) {
    const leaf = random.pick(leaves);
    const name = `${random.pick(ADJECTIVES)} ${random.pick(leaf.nouns)} ${random.int(1, 99)}`;
    const basePrice = random.int(5, 500) * 100 - 1;
    const createdAt = new Date(epochMs - random.int(0, 730) * DAY_MS - random.int(0, DAY_MS - 1)).toISOString();
    const description = Array.from({ length: random.int(2, 5) }, () => random.pick(DESCRIPTION_SENTENCES)).join(' ');
    const rating = (random.int(10, 50) / 10).toFixed(1);
    productRows.add(
      productId,
      `${slugify(name)}-${productId}`,
      name,
      description,
      random.pick(BRANDS),
      leaf.id,
      basePrice,
      rating,
      random.int(0, 5000),
      createdAt,
      createdAt,
    );

    const variantCount = perProduct[productId - 1] ?? 1;
    for (let position = 0; position < variantCount; position++) {
      const variantId = seeded.sku.length + 1;
      const color = random.pick(COLORS);
      const size = random.pick(SIZES);
      // Within ±20% of the base price, still ending in 99 cents.
      const price = Math.max(99, Math.round((basePrice * (0.8 + random.next() * 0.4)) / 100) * 100 - 1);
      const sku = `SKU-${String(productId).padStart(6, '0')}-${position + 1}`;
      variantRows.add(variantId, productId, sku, `${color} / ${size}`, color, size, price, position);
      inventoryRows.add(variantId, random.chance(0.05) ? 0 : random.int(1, 500), 0, epoch);
      seeded.priceCents.push(price);
      seeded.sku.push(sku);
      seeded.productName.push(name);
    }
    const imageCount = random.int(1, 4);
    for (let position = 0; position < imageCount; position++) {
      const url = `https://img.stride-shop.example/p/${productId}/${position + 1}.jpg`;
      imageRows.add(++imageId, productId, url, `${name}, view ${position + 1}`, position);
    }
    if (productId % PRODUCTS_PER_BATCH === 0) await flushInOrder([productRows, variantRows, inventoryRows, imageRows]);
  }
  await flushInOrder([productRows, variantRows, inventoryRows, imageRows]);
  return {
    counts: {
      categories: categoryId,
      products,
      variants: seeded.sku.length,
      images: imageId,
      promotions: promotionId,
    },
    seeded,
  };
}

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function titleCase(slug: string): string {
  return slug
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}
