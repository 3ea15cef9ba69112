/** Metric and attribute names from docs/telemetry.md that the service-detail views read. */
export const DB_DURATION = 'db.client.operation.duration';
export const DB_ROWS = 'db.client.response.returned_rows';
export const POOL_CONNECTIONS = 'db.client.connection.count';
export const POOL_PENDING = 'db.client.connection.pending_requests';
export const POOL_MAX = 'db.client.connection.max';
export const POOL_WAIT = 'db.client.connection.wait_time';
export const CACHE_LOOKUPS = 'stride.cache.lookups';
export const CLIENT_DURATION = 'http.client.request.duration';

export const ATTR_DB_SYSTEM = 'db.system.name';
export const ATTR_DB_OPERATION = 'db.operation.name';
export const ATTR_DB_QUERY = 'db.query.text';
export const ATTR_ERROR_TYPE = 'error.type';
export const ATTR_POOL_NAME = 'db.client.connection.pool.name';
export const ATTR_POOL_STATE = 'db.client.connection.state';
export const ATTR_CACHE_RESULT = 'cache.result';
export const ATTR_SERVER_ADDRESS = 'server.address';
export const ATTR_SOCKET_REUSED = 'stride.socket.reused';
