import { type PgTargets, pgTargetsOf } from '../pg/pg-module.js';
import { ioredisTargetOf } from '../redis/ioredis-module.js';
import { StrideConfigError } from './config-error.js';

/** `instrument` option of startAgent: the client libraries to instrument. */
export interface InstrumentModules {
  /** The pg module (`import pg from 'pg'`, `import * as pg from 'pg'` or `require('pg')`). */
  pg?: unknown;
  /** The ioredis module or its Redis class (`import Redis from 'ioredis'`, `require('ioredis')`). */
  ioredis?: unknown;
  /** Outbound HTTP through fetch/undici and node:http(s); on unless false. */
  http?: boolean;
}

export interface ResolvedInstruments {
  pg: PgTargets | undefined;
  /** Redis.prototype. */
  ioredis: object | undefined;
  http: boolean;
}

const KNOWN_INSTRUMENTS = ['pg', 'ioredis', 'http'];

/** Validates `instrument`, finding what to patch in each module; throws StrideConfigError naming the entry. */
export function resolveInstruments(value: unknown): ResolvedInstruments {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new StrideConfigError('instrument', 'an object of module objects such as { pg, ioredis }', value);
  }
  for (const key of Object.keys(value)) {
    if (!KNOWN_INSTRUMENTS.includes(key)) {
      throw new StrideConfigError(`instrument.${key}`, `one of ${KNOWN_INSTRUMENTS.join(', ')}`, key);
    }
  }
  const { pg, ioredis, http = true } = value as InstrumentModules;
  const resolved: ResolvedInstruments = { pg: undefined, ioredis: undefined, http: true };
  if (pg !== undefined) {
    resolved.pg = pgTargetsOf(pg);
    if (!resolved.pg) throw new StrideConfigError('instrument.pg', 'the pg module (with Client.prototype.query)', pg);
  }
  if (ioredis !== undefined) {
    resolved.ioredis = ioredisTargetOf(ioredis);
    if (!resolved.ioredis) {
      throw new StrideConfigError('instrument.ioredis', 'the ioredis module or its Redis class', ioredis);
    }
  }
  if (typeof http !== 'boolean') throw new StrideConfigError('instrument.http', 'true or false', http);
  resolved.http = http;
  return resolved;
}
