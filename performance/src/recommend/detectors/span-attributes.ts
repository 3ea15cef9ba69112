import type { SpanRecord } from '../../ingest/spans.js';

/**
 * Span attribute names the detectors read (docs/telemetry.md). The `stride.*` hashes and the HTTP header and body
 * attributes are emitted by agents from issue 5 on; a detector whose attributes are absent finds nothing.
 */
export const A = {
  dbSystem: 'db.system.name',
  dbOperation: 'db.operation.name',
  dbQuery: 'db.query.text',
  dbRows: 'db.response.returned_rows',
  dbFingerprint: 'stride.db.fingerprint',
  dbParamsHash: 'stride.db.params_hash',
  dbResultHash: 'stride.db.result_hash',
  dependsOn: 'stride.depends_on',
  cacheResult: 'cache.result',
  cacheKeyPrefix: 'stride.cache.key_prefix',
  method: 'http.request.method',
  route: 'http.route',
  status: 'http.response.status_code',
  urlTemplate: 'url.template',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  socketReused: 'stride.socket.reused',
  httpTargetHash: 'stride.http.target_hash',
  responseBodySize: 'http.response.body.size',
  contentEncoding: 'http.response.header.content-encoding',
  acceptEncoding: 'http.request.header.accept-encoding',
  poolName: 'db.client.connection.pool.name',
} as const;

export function str(span: SpanRecord, name: string): string | null {
  const v = span.attributes[name];
  if (v === undefined || v === '') return null;
  return String(v);
}

/** Numbers arrive as numbers, or as decimal strings for ints past 2^53; anything else is absent. */
export function num(span: SpanRecord, name: string): number | null {
  const v = span.attributes[name];
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return null;
}

/** `true`/`false` as booleans or strings (OTLP JSON from other SDKs sends either). */
export function bool(span: SpanRecord, name: string): boolean | null {
  const v = span.attributes[name];
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  return null;
}

/**
 * A header attribute: OpenTelemetry's `http.*.header.<name>` is a string array, which ingest flattens to JSON
 * (`["gzip, br"]`); a plain string is accepted too. Returns the values joined by `, `, lower-cased.
 */
export function header(span: SpanRecord, name: string): string | null {
  const raw = str(span, name);
  if (raw === null) return null;
  if (raw.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (Array.isArray(parsed)) return parsed.map(String).join(', ').toLowerCase();
    } catch {
      // Not JSON after all: a header value may start with `[`.
    }
  }
  return raw.toLowerCase();
}
