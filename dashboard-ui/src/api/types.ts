// Named shapes for the components, from the generated schema, plus hand-written types for endpoints that are
// being added to the metrics service while the dashboard is built (session, markers, distribution, dashboards).
// When one of them lands in the OpenAPI document, regenerate schema.d.ts and derive its type here instead.
import type { components, paths } from './schema.js';

type Schemas = components['schemas'];
export type ServiceSummary = Schemas['ServiceSummary'];
export type RouteSummary = Schemas['RouteSummary'];
export type TimeseriesPoint = Schemas['TimeseriesPoint'];
export type TraceSummary = Schemas['TraceSummary'];
export type Span = Schemas['Span'];
export type Benchmark = Schemas['Benchmark'];
export type DbStatement = Schemas['DbStatement'];
export type Dependency = Schemas['Dependency'];
export type PoolSaturation = Schemas['PoolSaturation'];

type Json<P extends keyof paths> = paths[P] extends {
  get: { responses: { 200: { content: { 'application/json': infer T } } } };
}
  ? T
  : never;
export type CacheStats = Json<'/api/v1/services/{service}/cache'>;
export type RuntimeSeries = Json<'/api/v1/services/{service}/runtime'>['series'];
export type RuntimeSeriesName = keyof RuntimeSeries;

export type Role = 'viewer' | 'editor' | 'admin';

/** GET /api/v1/session */
export interface SessionInfo {
  name: string;
  role: Role;
}

/** GET /api/v1/markers?service=&from=&to= */
export interface Marker {
  id: string;
  service: string;
  kind: 'deploy' | 'manual';
  label: string;
  version: string | null;
  /** Unix ms. */
  t: number;
}

/** GET /api/v1/distribution?service=&route=&method=&from=&to= */
export interface Distribution {
  count: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  buckets: { lowerMs: number; upperMs: number; count: number }[];
}
