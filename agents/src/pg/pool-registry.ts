import type { DbClientMetrics } from '../instrumentation/db-client-metrics.js';

/** The pg-pool fields sampled at collection time (public getters of pg-pool ≥ 2). */
export interface PoolLike {
  totalCount?: number;
  idleCount?: number;
  waitingCount?: number;
  ending?: boolean;
  ended?: boolean;
  options?: { max?: number; host?: string; port?: number | string; database?: string; connectionString?: string };
}

const MAX_POOLS = 64;

/**
 * The pools this agent has seen (registered on their first connect), held weakly so a pool the host dropped is
 * collected; sampled right before each metrics collection into the db.client.connection.* gauges. Pools sharing
 * a name (same host, port and database) are summed. At most 64 pools are tracked.
 */
export class PoolRegistry {
  readonly #pools: Array<{ ref: WeakRef<PoolLike>; name: string }> = [];
  readonly #names = new WeakMap<object, string>();

  /** Returns the pool's name (`host:port/database`), registering the pool the first time. */
  register(pool: PoolLike): string {
    let name = this.#names.get(pool);
    if (name === undefined) {
      name = poolName(pool);
      this.#names.set(pool, name);
      if (this.#pools.length < MAX_POOLS) this.#pools.push({ ref: new WeakRef(pool), name });
    }
    return name;
  }

  /** Records every live pool's levels; forgets pools that were ended or collected. */
  sample(metrics: DbClientMetrics): void {
    const totals = new Map<string, { used: number; idle: number; pending: number; max: number | undefined }>();
    for (let i = this.#pools.length - 1; i >= 0; i--) {
      const { ref, name } = this.#pools[i]!;
      const pool = ref.deref();
      if (!pool || pool.ended) {
        this.#pools.splice(i, 1);
        continue;
      }
      const total = count(pool.totalCount);
      const idle = count(pool.idleCount);
      const levels = totals.get(name) ?? { used: 0, idle: 0, pending: 0, max: undefined };
      levels.used += Math.max(0, total - idle);
      levels.idle += idle;
      levels.pending += count(pool.waitingCount);
      const max = pool.options?.max;
      if (typeof max === 'number') levels.max = (levels.max ?? 0) + max;
      totals.set(name, levels);
    }
    for (const [name, levels] of totals) metrics.recordPoolLevels(name, levels);
  }
}

const count = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) ? n : 0);

/** `host:port/database` from the pool's options or connection string, with libpq's defaults. */
export function poolName(pool: PoolLike): string {
  const options = pool.options ?? {};
  let { host, port, database } = options;
  if (options.connectionString) {
    try {
      const url = new URL(options.connectionString);
      host ??= decodeURIComponent(url.hostname) || undefined;
      port ??= url.port || undefined;
      database ??= decodeURIComponent(url.pathname.slice(1)) || undefined;
    } catch {}
  }
  return `${host ?? 'localhost'}:${port ?? 5432}/${database ?? ''}`;
}
