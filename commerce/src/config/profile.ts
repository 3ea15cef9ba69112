/**
 * The two ways the shop can run. Both answer every request with the same body; they differ only in how much
 * work that takes, so Stride has a "before" and an "after" to observe.
 */
export type Profile = 'naive' | 'optimized';

export const PROFILES: readonly Profile[] = ['naive', 'optimized'];

export interface ProfileSettings {
  /** Two-tier cache (LRU + Redis) in front of catalog reads; off means every read goes to PostgreSQL. */
  cache: boolean;
  /** gzip/deflate/br for response bodies of at least 1 KiB. */
  compression: boolean;
  /** Reuse sockets to the payments service (keep-alive agent) instead of one new TCP connection per call. */
  keepAlive: boolean;
  /** Whether orders(user_id, created_at) exists; see db/profile-indexes.ts. */
  ordersByUserIndex: boolean;
}

/** Registry keyed by profile: adding a profile is an added entry. */
export const PROFILE_SETTINGS: Readonly<Record<Profile, ProfileSettings>> = {
  naive: { cache: false, compression: false, keepAlive: false, ordersByUserIndex: false },
  optimized: { cache: true, compression: true, keepAlive: true, ordersByUserIndex: true },
};

export function isProfile(value: unknown): value is Profile {
  return value === 'naive' || value === 'optimized';
}
