import type { CatalogReader } from '../catalog/catalog-reader.js';
import { naiveCatalogReader } from '../catalog/naive-catalog-reader.js';
import { optimizedCatalogReader } from '../catalog/optimized-catalog-reader.js';
import type { Profile } from '../config/profile.js';
import { type InventoryReserver, naiveReserver, optimizedReserver } from '../inventory/reservations.js';
import { naiveStockReader, optimizedStockReader, type StockReader } from '../inventory/stock-reader.js';
import { naiveOrderReader, type OrderReader, optimizedOrderReader } from '../orders/order-reader.js';
import { naivePricingReader, optimizedPricingReader, type PricingReader } from '../pricing/pricing-reader.js';

/** The data-access strategies that differ by profile; everything else in the shop is shared. */
export interface ProfileComponents {
  catalog: CatalogReader;
  pricing: PricingReader;
  reserver: InventoryReserver;
  stock: StockReader;
  orders: OrderReader;
}

export const PROFILE_COMPONENTS: Readonly<Record<Profile, ProfileComponents>> = {
  naive: {
    catalog: naiveCatalogReader,
    pricing: naivePricingReader,
    reserver: naiveReserver,
    stock: naiveStockReader,
    orders: naiveOrderReader,
  },
  optimized: {
    catalog: optimizedCatalogReader,
    pricing: optimizedPricingReader,
    reserver: optimizedReserver,
    stock: optimizedStockReader,
    orders: optimizedOrderReader,
  },
};
