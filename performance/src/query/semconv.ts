/** OpenTelemetry semantic-convention names the query layer reads. */
export const HTTP_SERVER_DURATION = 'http.server.request.duration';
export const ATTR_METHOD = 'http.request.method';
export const ATTR_ROUTE = 'http.route';
export const ATTR_STATUS_CODE = 'http.response.status_code';

/** Milliseconds per unit of a duration metric (UCUM codes as OpenTelemetry uses them). */
const MS_PER_UNIT: Readonly<Record<string, number>> = {
  s: 1_000,
  ms: 1,
  us: 1e-3,
  µs: 1e-3,
  ns: 1e-6,
  min: 60_000,
  h: 3_600_000,
};

/**
 * Converts a series' unit to milliseconds. Unknown or empty units count as seconds because the semantic
 * conventions fix `http.server.request.duration` to `s`; some SDKs omit the unit string.
 */
export function msPerUnit(unit: string): number {
  return MS_PER_UNIT[unit] ?? 1_000;
}

/** Server errors count toward errorRate; 4xx are the client's and do not. */
export function isServerError(attributes: Readonly<Record<string, string>>): boolean {
  const code = Number(attributes[ATTR_STATUS_CODE]);
  return Number.isFinite(code) && code >= 500;
}
