import type { AnyFunction } from '../instrumentation/method-hooks.js';

/** The prototypes the pg instrumentation patches. */
export interface PgTargets {
  /** Client.prototype: owns query(). */
  client: object;
  /** The prototype that owns Pool's connect() (pg-pool's Pool, which pg's BoundPool extends). */
  pool: object | undefined;
}

/**
 * Finds Client and Pool in what the host passed as `instrument.pg`: the CommonJS export (`require('pg')`), the
 * default import (`import pg from 'pg'`) or the ESM namespace (`import * as pg from 'pg'`, whose `default` is the
 * CommonJS export). Undefined when it is not the pg module. pg.native is never touched (reading it loads pg-native).
 */
export function pgTargetsOf(module: unknown): PgTargets | undefined {
  for (const candidate of [module, (module as { default?: unknown } | null)?.default]) {
    if (candidate === null || (typeof candidate !== 'object' && typeof candidate !== 'function')) continue;
    const { Client, Pool } = candidate as { Client?: unknown; Pool?: unknown };
    const client = prototypeWith(Client, 'query');
    if (client) return { client, pool: prototypeWith(Pool, 'connect') };
  }
  return undefined;
}

/** The object on `ctor`'s prototype chain that owns `method` itself. */
function prototypeWith(ctor: unknown, method: string): object | undefined {
  if (typeof ctor !== 'function') return undefined;
  for (let proto: object | null = (ctor as AnyFunction).prototype; proto; proto = Object.getPrototypeOf(proto)) {
    if (proto === Object.prototype) return undefined;
    if (Object.hasOwn(proto, method) && typeof (proto as Record<string, unknown>)[method] === 'function') return proto;
  }
  return undefined;
}
