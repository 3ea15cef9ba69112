const MAX_SEGMENTS = 3;
const MAX_PREFIX_CHARS = 64;

/**
 * The low-cardinality family of a Redis key: its `:`-separated segments except the last (which names the item),
 * up to the first one that looks like an identifier (holds a digit, other than a version tag such as v2), at most
 * 3 segments. Examples: `product:42` → `product`; `cart:user:17:items` → `cart:user`;
 * `catalog:slug:red-shoes` → `catalog:slug`; `v2:catalog:list:page:3` → `v2:catalog:list`; `config` and
 * `42:x` → undefined (no family).
 */
export function keyPrefix(key: string): string | undefined {
  // A character scan rather than split + regex: this runs for every Redis command.
  let end = -1;
  for (let segments = 0, start = 0; segments < MAX_SEGMENTS; segments++) {
    const colon = key.indexOf(':', start);
    if (colon < 0 || !isFamilySegment(key, start, colon)) break;
    end = colon;
    start = colon + 1;
  }
  if (end <= 0) return undefined;
  return end > MAX_PREFIX_CHARS ? key.slice(0, MAX_PREFIX_CHARS) : key.slice(0, end);
}

/** key[from, to) is a name (letters, `_`, `.`, `-`) or a version tag (v2, V10). */
function isFamilySegment(key: string, from: number, to: number): boolean {
  if (to === from) return false;
  const first = key.charCodeAt(from);
  if ((first === 0x76 || first === 0x56) && to - from >= 2 && to - from <= 4) {
    let digits = true;
    for (let i = from + 1; i < to && digits; i++) digits = isDigit(key.charCodeAt(i));
    if (digits) return true;
  }
  for (let i = from; i < to; i++) {
    const c = key.charCodeAt(i);
    const letter = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
    if (!letter && c !== 0x5f && c !== 0x2e && c !== 0x2d) return false;
  }
  return true;
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** The last `:` segment of a key (`product:42` → `42`): the part a cache key shares with a DB parameter. */
export function keySuffix(key: string): string | undefined {
  const i = key.lastIndexOf(':');
  return i >= 0 && i < key.length - 1 ? key.slice(i + 1) : undefined;
}
