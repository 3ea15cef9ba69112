/** Vocabulary for generated catalog data; top-level category slug → its sub-categories and product nouns. */
export const CATEGORY_TREE: ReadonlyArray<{
  slug: string;
  name: string;
  children: readonly string[];
  nouns: readonly string[];
}> = [
  {
    slug: 'apparel',
    name: 'Apparel',
    children: ['shirts', 'jackets', 'pants', 'dresses', 'hoodies'],
    nouns: ['Tee', 'Jacket', 'Chino', 'Dress', 'Hoodie', 'Parka'],
  },
  {
    slug: 'footwear',
    name: 'Footwear',
    children: ['running', 'hiking', 'sneakers', 'boots', 'sandals'],
    nouns: ['Runner', 'Trail Shoe', 'Sneaker', 'Boot', 'Sandal'],
  },
  {
    slug: 'electronics',
    name: 'Electronics',
    children: ['headphones', 'speakers', 'cameras', 'wearables', 'chargers'],
    nouns: ['Headphones', 'Speaker', 'Camera', 'Watch', 'Charger'],
  },
  {
    slug: 'home',
    name: 'Home',
    children: ['kitchen', 'bedding', 'lighting', 'storage', 'decor'],
    nouns: ['Pan', 'Duvet', 'Lamp', 'Bin', 'Vase'],
  },
  {
    slug: 'outdoors',
    name: 'Outdoors',
    children: ['tents', 'backpacks', 'sleeping-bags', 'cookware', 'climbing'],
    nouns: ['Tent', 'Backpack', 'Sleeping Bag', 'Stove', 'Harness'],
  },
  {
    slug: 'beauty',
    name: 'Beauty',
    children: ['skincare', 'haircare', 'fragrance', 'makeup', 'bath'],
    nouns: ['Serum', 'Shampoo', 'Eau de Parfum', 'Lipstick', 'Bath Salt'],
  },
  {
    slug: 'toys',
    name: 'Toys',
    children: ['puzzles', 'building', 'plush', 'games', 'outdoor-toys'],
    nouns: ['Puzzle', 'Brick Set', 'Plush', 'Board Game', 'Kite'],
  },
  {
    slug: 'books',
    name: 'Books',
    children: ['fiction', 'cooking', 'travel', 'science', 'kids'],
    nouns: ['Novel', 'Cookbook', 'Guide', 'Primer', 'Picture Book'],
  },
];

export const BRANDS = [
  'Northpeak',
  'Aurora',
  'Bluefin',
  'Cobalt',
  'Driftwood',
  'Ember',
  'Fjord',
  'Granite',
  'Harbor',
  'Ironleaf',
  'Juniper',
  'Kestrel',
  'Lumen',
  'Meridian',
  'Nimbus',
  'Oakline',
  'Pinecrest',
  'Quartz',
  'Riverstone',
  'Summit',
  'Tidal',
  'Umber',
  'Vantage',
  'Willow',
  'Xenon',
  'Yarrow',
  'Zephyr',
  'Atlas',
  'Boreal',
  'Cascade',
] as const;

export const ADJECTIVES = [
  'Classic',
  'Ultralight',
  'Everyday',
  'Pro',
  'Essential',
  'Heritage',
  'Urban',
  'Alpine',
  'Coastal',
  'Compact',
  'Premium',
  'Recycled',
  'Organic',
  'Thermal',
  'Waterproof',
  'Wireless',
  'Modular',
  'Vintage',
  'Sport',
  'Studio',
] as const;

export const COLORS = ['Black', 'White', 'Navy', 'Olive', 'Sand', 'Red', 'Grey', 'Teal', 'Rust'] as const;
export const SIZES = ['XS', 'S', 'M', 'L', 'XL', 'One Size'] as const;

export const DESCRIPTION_SENTENCES = [
  'Built to last through daily use and designed with a clean, modern look.',
  'Made from responsibly sourced materials with reinforced seams at every stress point.',
  'Tested by our team on the trail, in the city and everywhere in between.',
  'Lightweight enough to carry all day, tough enough for the weekend.',
  'Backed by a two-year warranty and free returns within 30 days.',
  'Thoughtful details include hidden pockets, soft-touch finishes and easy care.',
  'Pairs well with the rest of the collection and fits neatly in any bag.',
  'Each unit is inspected by hand before it leaves our warehouse.',
] as const;
