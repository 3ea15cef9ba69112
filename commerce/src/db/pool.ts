import pg from 'pg';

export interface PoolOptions {
  connectionString: string;
  /** Upper bound of open connections; requests past it wait up to connectionTimeoutMillis for one. */
  maxConnections?: number;
  /** Connections kept open even when idle, so a burst after a quiet spell does not pay for TCP + auth. */
  minConnections?: number;
  /** An idle connection above minConnections is closed after this long. */
  idleTimeoutMillis?: number;
  /** How long a query waits for a free connection (or a new one to open) before failing. */
  connectionTimeoutMillis?: number;
  /** Server-side cap per statement, so one runaway query cannot hold a connection forever. */
  statementTimeoutMillis?: number;
  applicationName?: string;
}

/** A pg Pool with every limit explicit (pg's defaults are unbounded waits and no statement timeout). */
export function createPool({
  connectionString,
  maxConnections = 10,
  minConnections = 2,
  idleTimeoutMillis = 30_000,
  connectionTimeoutMillis = 5_000,
  statementTimeoutMillis = 15_000,
  applicationName = 'stride-commerce',
}: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: maxConnections,
    min: minConnections,
    idleTimeoutMillis,
    connectionTimeoutMillis,
    statement_timeout: statementTimeoutMillis,
    application_name: applicationName,
  });
  // An idle client losing its connection (server restart) is reported here; without a listener it would crash
  // the process. The next checkout opens a fresh connection.
  pool.on('error', (err) => {
    console.warn(`commerce: idle PostgreSQL connection failed: ${err.message}`);
  });
  return pool;
}
