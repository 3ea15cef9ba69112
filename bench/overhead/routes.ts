// The two routes every variant is measured on, keyed by name, with the request path of the i-th request.
import { ITEMS_PATH } from './items-route.js';

export const ROUTES = {
  productDetail: {
    label: 'A: GET /products/:id (commerce, 3 pg queries)',
    /** Rotates through the seeded products 1..products, so the database serves many rows, not one cached page. */
    pathFor: (products: number) => (i: number) => `/products/${(i % products) + 1}`,
  },
  items: { label: 'B: GET /bench/items (50-item JSON)', pathFor: (_products: number) => (_i: number) => ITEMS_PATH },
} as const;

export type RouteName = keyof typeof ROUTES;

export const ROUTE_NAMES = Object.keys(ROUTES) as RouteName[];
