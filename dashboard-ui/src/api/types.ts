// Named shapes for the components of the generated OpenAPI schema, so pages import `RouteSummary` rather than
// spelling out components['schemas']['RouteSummary']. The JSON dashboard definition is the one exception: the
// OpenAPI document describes it loosely and points at dashboards/schema.json, which pages/dashboards mirrors.
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

export type Session = Schemas['Session'];
export type Role = Session['role'];
/** GET /api/v1/session: who the token belongs to. */
export type SessionInfo = Session;
/** GET /api/v1/markers?service=&from=&to= */
export type Marker = Schemas['Marker'];
/** GET /api/v1/distribution?service=&route=&method=&from=&to= */
export type Distribution = Schemas['Distribution'];
export type DashboardSummary = Schemas['DashboardSummary'];
