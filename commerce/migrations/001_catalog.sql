-- Catalog: categories (two levels), products, their variants (the sellable SKUs) and images.
CREATE TABLE categories (
  id         integer PRIMARY KEY,
  slug       text NOT NULL UNIQUE,
  name       text NOT NULL,
  parent_id  integer REFERENCES categories (id)
);

CREATE TABLE products (
  id                integer PRIMARY KEY,
  slug              text NOT NULL UNIQUE,
  name              text NOT NULL,
  description       text NOT NULL,
  brand             text NOT NULL,
  category_id       integer NOT NULL REFERENCES categories (id),
  base_price_cents  integer NOT NULL CHECK (base_price_cents >= 0),
  currency          char(3) NOT NULL DEFAULT 'USD',
  rating            numeric(2, 1) NOT NULL DEFAULT 0,
  review_count      integer NOT NULL DEFAULT 0,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE product_variants (
  id           integer PRIMARY KEY,
  product_id   integer NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  sku          text NOT NULL UNIQUE,
  name         text NOT NULL,
  color        text,
  size         text,
  price_cents  integer NOT NULL CHECK (price_cents >= 0),
  position     integer NOT NULL DEFAULT 0
);

CREATE TABLE product_images (
  id          integer PRIMARY KEY,
  product_id  integer NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  url         text NOT NULL,
  alt         text NOT NULL,
  position    integer NOT NULL DEFAULT 0
);

-- Listing filters and sorts: by category, brand, price, newest; every sort ends on id for a stable order.
CREATE INDEX products_category_idx ON products (category_id, id);
CREATE INDEX products_brand_idx ON products (brand, id);
CREATE INDEX products_price_idx ON products (base_price_cents, id);
CREATE INDEX products_created_idx ON products (created_at DESC, id DESC);
CREATE INDEX categories_parent_idx ON categories (parent_id);
-- Product → variants/images lookups (one product, or a page of them with ANY($1)).
CREATE INDEX product_variants_product_idx ON product_variants (product_id, position);
CREATE INDEX product_images_product_idx ON product_images (product_id, position);
