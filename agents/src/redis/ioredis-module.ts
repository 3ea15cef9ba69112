import type { AnyFunction } from '../instrumentation/method-hooks.js';

/**
 * The prototype owning sendCommand in what the host passed as `instrument.ioredis`: the Redis class itself
 * (`require('ioredis')`, `import Redis from 'ioredis'`), or a module/namespace holding it as `Redis` or `default`.
 * Cluster routes its commands through the Redis instances of its nodes, so Redis.prototype covers it.
 */
export function ioredisTargetOf(module: unknown): object | undefined {
  const candidates = [
    module,
    field(module, 'Redis'),
    field(module, 'default'),
    field(field(module, 'default'), 'Redis'),
  ];
  for (const candidate of candidates) {
    if (typeof candidate !== 'function') continue;
    const proto = (candidate as AnyFunction).prototype as Record<string, unknown> | undefined;
    if (proto && typeof proto.sendCommand === 'function') return proto;
  }
  return undefined;
}

function field(value: unknown, name: string): unknown {
  return value !== null && (typeof value === 'object' || typeof value === 'function')
    ? (value as Record<string, unknown>)[name]
    : undefined;
}
