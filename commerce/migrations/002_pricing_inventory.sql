-- Stock per variant: `reserved` is held by placed orders; available = on_hand - reserved, never negative.
CREATE TABLE inventory (
  variant_id  integer PRIMARY KEY REFERENCES product_variants (id) ON DELETE CASCADE,
  on_hand     integer NOT NULL CHECK (on_hand >= 0),
  reserved    integer NOT NULL DEFAULT 0 CHECK (reserved >= 0 AND reserved <= on_hand),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Category-wide percentage discounts; pricing applies the best one active at the quote's time.
CREATE TABLE promotions (
  id           integer PRIMARY KEY,
  category_id  integer NOT NULL REFERENCES categories (id),
  percent_off  integer NOT NULL CHECK (percent_off BETWEEN 1 AND 90),
  starts_at    timestamptz NOT NULL,
  ends_at      timestamptz NOT NULL
);

CREATE INDEX promotions_category_idx ON promotions (category_id, starts_at, ends_at);
