const MAX_SEGMENTS = 16;
const MAX_TEMPLATE_CHARS = 256;
const NUMERIC = /^\d+$/;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const HEX_ID = /^[0-9a-f]{12,}$/i;
// Opaque tokens holding a digit (Stripe-style ch_3MmlLrLkdIwHu7ix0snN0B15, base64 ids), or a short word prefix
// followed by 3+ digits (sku-123, A1700) — fewer digits read as names (v1, oauth2).
const LONG_TOKEN = /^(?=.*\d)[A-Za-z0-9_~.-]{16,}$/;
const PREFIXED_NUMBER = /^[A-Za-z]{1,5}[-_]?\d{3,}$/;

/**
 * url.template of an outbound call: the path without query, each id-like segment replaced by `{id}`.
 * Example: `/v1/charges/ch_3MmlLrLkdIwHu7ix0snN0B15/refunds?limit=3` → `/v1/charges/{id}/refunds`;
 * `/v2/orders/42/items/sku-900` → `/v2/orders/{id}/items/{id}`. Bounded to 16 segments and 256 characters.
 */
export function urlTemplate(path: string): string {
  const end = path.search(/[?#]/);
  const pathname = end < 0 ? path : path.slice(0, end);
  const segments = pathname.split('/');
  const out: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    if (i > MAX_SEGMENTS) {
      out.push('…');
      break;
    }
    out.push(isIdSegment(segments[i]!) ? '{id}' : segments[i]!);
  }
  const template = out.join('/') || '/';
  return template.length > MAX_TEMPLATE_CHARS ? `${template.slice(0, MAX_TEMPLATE_CHARS - 1)}…` : template;
}

function isIdSegment(segment: string): boolean {
  if (segment === '') return false;
  return (
    NUMERIC.test(segment) ||
    UUID.test(segment) ||
    HEX_ID.test(segment) ||
    LONG_TOKEN.test(segment) ||
    PREFIXED_NUMBER.test(segment)
  );
}
