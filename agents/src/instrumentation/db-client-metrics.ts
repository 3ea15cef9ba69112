import type { Attributes } from '../metrics/attributes.js';
import type { Instrument, Meter } from '../metrics/meter.js';

/** A statement's metric attributes, built once per distinct statement (see StatementInfo). */
export interface StatementAttributes {
  readonly fingerprint: string;
  readonly operation: string;
  readonly text: string;
  metricAttributes?: Attributes;
  rowAttributes?: Attributes;
}

export interface PoolLevels {
  used: number;
  idle: number;
  pending: number;
  max: number | undefined;
}

/**
 * The database and cache client metrics of docs/telemetry.md: operation duration (s) and rows returned per
 * statement fingerprint, connection-pool levels and wait time per pool, cache lookups by hit/miss.
 */
export class DbClientMetrics {
  readonly #duration: Instrument;
  readonly #rows: Instrument;
  readonly #connections: Instrument;
  readonly #pending: Instrument;
  readonly #max: Instrument;
  readonly #wait: Instrument;
  readonly #lookups: Instrument;

  constructor(meter: Meter) {
    this.#duration = meter.histogram({
      name: 'db.client.operation.duration',
      unit: 's',
      description: 'Duration of database client operations.',
    });
    this.#rows = meter.histogram({
      name: 'db.client.response.returned_rows',
      unit: '{row}',
      description: 'Rows returned by database operations.',
    });
    this.#connections = meter.gauge({
      name: 'db.client.connection.count',
      unit: '{connection}',
      description: 'Connections in the pool, by state (sampled at collection).',
    });
    this.#pending = meter.gauge({
      name: 'db.client.connection.pending_requests',
      unit: '{request}',
      description: 'Requests waiting for a pool connection (sampled at collection).',
    });
    this.#max = meter.gauge({
      name: 'db.client.connection.max',
      unit: '{connection}',
      description: 'Maximum connections the pool allows.',
    });
    this.#wait = meter.histogram({
      name: 'db.client.connection.wait_time',
      unit: 's',
      description: 'Time to obtain a connection from the pool.',
    });
    this.#lookups = meter.counter({
      name: 'stride.cache.lookups',
      unit: '{lookup}',
      description: 'Cache reads by result (a multi-key read counts each key).',
    });
  }

  recordQuery(statement: StatementAttributes, seconds: number, rows: number | undefined, errorType?: string): void {
    statement.metricAttributes ??= {
      'db.system.name': 'postgresql',
      'db.operation.name': statement.operation,
      'db.query.text': statement.text,
    };
    const attributes = statement.metricAttributes;
    if (errorType === undefined) this.#duration.record(statement.fingerprint, attributes, seconds);
    else {
      this.#duration.record(
        `${statement.fingerprint} ${errorType}`,
        { ...attributes, 'error.type': errorType },
        seconds,
      );
    }
    if (rows !== undefined) {
      statement.rowAttributes ??= { 'db.system.name': 'postgresql', 'db.query.text': statement.text };
      this.#rows.record(statement.fingerprint, statement.rowAttributes, rows);
    }
  }

  /** A Redis command: db.system.name=redis, db.operation.name=GET… */
  recordCommand(operation: string, seconds: number, errorType?: string): void {
    const attributes: Record<string, string> = { 'db.system.name': 'redis', 'db.operation.name': operation };
    if (errorType !== undefined) attributes['error.type'] = errorType;
    this.#duration.record(`redis ${operation} ${errorType ?? ''}`, attributes, seconds);
  }

  recordLookups(operation: string, keyPrefix: string | undefined, hits: number, misses: number): void {
    for (const [result, n] of [
      ['hit', hits],
      ['miss', misses],
    ] as const) {
      if (n === 0) continue;
      const attributes: Record<string, string> = {
        'db.system.name': 'redis',
        'db.operation.name': operation,
        'cache.result': result,
      };
      if (keyPrefix !== undefined) attributes['stride.cache.key_prefix'] = keyPrefix;
      this.#lookups.record(`${operation} ${result} ${keyPrefix ?? ''}`, attributes, n);
    }
  }

  recordPoolWait(poolName: string, seconds: number, errorType?: string): void {
    const attributes: Record<string, string> = { 'db.client.connection.pool.name': poolName };
    if (errorType !== undefined) attributes['error.type'] = errorType;
    this.#wait.record(`${poolName} ${errorType ?? ''}`, attributes, seconds);
  }

  recordPoolLevels(poolName: string, levels: PoolLevels): void {
    const pool = { 'db.client.connection.pool.name': poolName };
    this.#connections.record(`${poolName} used`, { ...pool, 'db.client.connection.state': 'used' }, levels.used);
    this.#connections.record(`${poolName} idle`, { ...pool, 'db.client.connection.state': 'idle' }, levels.idle);
    this.#pending.record(poolName, pool, levels.pending);
    if (levels.max !== undefined) this.#max.record(poolName, pool, levels.max);
  }
}
