const MAX_SEGMENTS = 3;
const MAX_PREFIX_CHARS = 64;
const NAME_SEGMENT = /^[A-Za-z_.-]+$/;
const VERSION_SEGMENT = /^v\d{1,3}$/i;

/**
 * The low-cardinality family of a Redis key: its `:`-separated segments except the last (which names the item),
 * up to the first one that looks like an identifier (holds a digit, other than a version tag such as v2), at most
 * 3 segments. Examples: `product:42` → `product`; `cart:user:17:items` → `cart:user`;
 * `catalog:slug:red-shoes` → `catalog:slug`; `v2:catalog:list:page:3` → `v2:catalog:list`; `config` and
 * `42:x` → undefined (no family).
 */
export function keyPrefix(key: string): string | undefined {
  const segments = key.split(':', MAX_SEGMENTS + 1);
  // split's limit drops what follows: with more than 3 segments, none of the first 3 is the last one.
  const candidates = segments.length > MAX_SEGMENTS ? segments.slice(0, MAX_SEGMENTS) : segments.slice(0, -1);
  const kept: string[] = [];
  for (const segment of candidates) {
    if (!NAME_SEGMENT.test(segment) && !VERSION_SEGMENT.test(segment)) break;
    kept.push(segment);
  }
  if (kept.length === 0) return undefined;
  const prefix = kept.join(':');
  return prefix.length > MAX_PREFIX_CHARS ? prefix.slice(0, MAX_PREFIX_CHARS) : prefix;
}

/** The last `:` segment of a key (`product:42` → `42`): the part a cache key shares with a DB parameter. */
export function keySuffix(key: string): string | undefined {
  const i = key.lastIndexOf(':');
  return i >= 0 && i < key.length - 1 ? key.slice(i + 1) : undefined;
}
