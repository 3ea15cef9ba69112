/** JSON shapes the catalog endpoints return; both profiles build them with the mappers in catalog-mapper.ts. */
export interface CategoryRef {
  id: number;
  slug: string;
  name: string;
}

export interface Category extends CategoryRef {
  parentId: number | null;
}

export interface Variant {
  id: number;
  sku: string;
  name: string;
  color: string | null;
  size: string | null;
  priceCents: number;
}

export interface ProductImage {
  url: string;
  alt: string;
}

/** One row of a listing: everything but the description. */
export interface ProductSummary {
  id: number;
  slug: string;
  name: string;
  brand: string;
  category: CategoryRef;
  priceCents: number;
  currency: string;
  rating: number;
  reviewCount: number;
  createdAt: string;
  variants: Variant[];
  images: ProductImage[];
}

export interface Product extends ProductSummary {
  description: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
  totalPages: number;
}

export function pageOf<T>(items: T[], page: number, pageSize: number, total: number): Page<T> {
  return { items, page, pageSize, total, totalPages: Math.ceil(total / pageSize) };
}
