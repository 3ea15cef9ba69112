// The package's single public entry: embed the metrics service, or run it with the `stride` CLI.

export type { ResolvedAdminToken } from './config/admin-token.js';
export {
  ConfigError,
  type ConfigSources,
  parseConfig,
  STORE_KINDS,
  type StoreKind,
  type StrideConfig,
} from './config/config.js';
export { createConsoleLogger, type Logger, silentLogger } from './http/logger.js';
export { OPENAPI_DOCUMENT, type OpenApiDocument } from './http/openapi.js';
export type { SpanRecord } from './ingest/spans.js';
export type { CacheSummary } from './query/cache-ratio.js';
export type { DbStatement } from './query/db-statements.js';
export type { Dependency } from './query/dependencies.js';
export type { PoolSaturation } from './query/pool-saturation.js';
export type { RouteSummary, ServiceSummary } from './query/query-service.js';
export type { RuntimeSeriesName } from './query/runtime-series.js';
export type { TimeseriesMetric, TimeseriesPoint } from './query/timeseries.js';
export { createServer, type ListeningAddress, type ServerDeps, type StrideServer, tiersFromConfig } from './server.js';
export type { Store } from './store/store.js';
export type {
  BenchmarkRecord,
  BenchmarkSummary,
  TraceQuery,
  TraceStore,
  TraceSummary,
} from './store/traces/trace-store.js';
