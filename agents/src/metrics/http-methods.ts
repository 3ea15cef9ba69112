// OpenTelemetry's well-known methods; anything else becomes _OTHER so clients cannot inflate cardinality.
const KNOWN_METHODS = new Set([
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'QUERY',
  'TRACE',
]);

/** http.request.method as the semantic conventions want it: a known method, or `_OTHER`. */
export function normalizeMethod(method: string): string {
  return KNOWN_METHODS.has(method) ? method : '_OTHER';
}
