import { StoreConfigError } from './errors.js';
import type { Tier } from './store.js';

/**
 * Checks that tiers nest: ordered fine → coarse, each step a whole multiple of the previous one (so a coarse bucket
 * is exactly a run of finer buckets), retention never shrinking as steps grow (so coverage only widens coarser).
 */
export function validateTiers(tiers: readonly Tier[]): void {
  if (tiers.length === 0) throw new StoreConfigError('at least one tier is required');
  const names = new Set<string>();
  tiers.forEach((tier, i) => {
    if (names.has(tier.name)) throw new StoreConfigError(`tier name ${tier.name} is used twice`);
    names.add(tier.name);
    if (!Number.isSafeInteger(tier.stepMs) || tier.stepMs <= 0) {
      throw new StoreConfigError(`tier ${tier.name}: stepMs must be a positive integer, got ${tier.stepMs}`);
    }
    if (!(tier.retentionMs > 0)) {
      throw new StoreConfigError(`tier ${tier.name}: retentionMs must be positive, got ${tier.retentionMs}`);
    }
    const prev = tiers[i - 1];
    if (prev === undefined) return;
    if (tier.stepMs <= prev.stepMs || tier.stepMs % prev.stepMs !== 0) {
      throw new StoreConfigError(`tier ${tier.name}: stepMs ${tier.stepMs} must be a multiple of ${prev.stepMs}`);
    }
    if (tier.retentionMs < prev.retentionMs) {
      throw new StoreConfigError(`tier ${tier.name}: retention must be at least tier ${prev.name}'s`);
    }
  });
}

/** Start of the bucket of `stepMs` that contains `timeMs` (epoch-aligned; works for negative times too). */
export function bucketStartMs(timeMs: number, stepMs: number): number {
  return Math.floor(timeMs / stepMs) * stepMs;
}

/**
 * First bucket start that tier `index` is guaranteed to still hold at `nowMs`: retention deletes buckets that start
 * before `nowMs − retentionMs`. The coarsest tier is treated as holding everything, since nothing coarser could
 * stand in for it.
 */
export function coverageStartMs(tiers: readonly Tier[], index: number, nowMs: number): number {
  const tier = tiers[index];
  if (tier === undefined || index === tiers.length - 1) return Number.NEGATIVE_INFINITY;
  return Math.ceil((nowMs - tier.retentionMs) / tier.stepMs) * tier.stepMs;
}
