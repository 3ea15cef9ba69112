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
export type { RouteSummary, ServiceSummary } from './query/query-service.js';
export type { TimeseriesMetric, TimeseriesPoint } from './query/timeseries.js';
export { createServer, type ListeningAddress, type ServerDeps, type StrideServer, tiersFromConfig } from './server.js';
export type { Store } from './store/store.js';
