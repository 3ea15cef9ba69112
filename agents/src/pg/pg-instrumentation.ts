import { AsyncResource } from 'node:async_hooks';
import { errorMonitor } from 'node:events';
import type { CallRecorder } from '../instrumentation/call-recorder.js';
import type { DbClientMetrics } from '../instrumentation/db-client-metrics.js';
import { type AnyFunction, endObservers, hookMethod, startHooks } from '../instrumentation/method-hooks.js';
import type { AttributeValue } from '../metrics/attributes.js';
import { SpanKind } from '../otlp/types.js';
import type { DeferredAttributes } from '../tracing/request-trace.js';
import { parameterKeys, rowKeys } from '../tracing/scalar-values.js';
import { ValueHasher } from '../tracing/value-hash.js';
import type { PgTargets } from './pg-module.js';
import type { PoolLike, PoolRegistry } from './pool-registry.js';
import { MAX_RESULT_ROWS, paramsHash, resultHash } from './query-hashes.js';
import type { StatementCache } from './statement-cache.js';

export interface PgInstrumentationDeps {
  recorder: CallRecorder;
  metrics: DbClientMetrics;
  statements: StatementCache;
  pools: PoolRegistry;
  onError: (err: unknown) => void;
}

type QueryEnd = (error: unknown, result: unknown) => void;
type QueryHook = (client: unknown, config: unknown, values: unknown) => QueryEnd | undefined;
type ConnectEnd = (error: unknown) => void;
type ConnectHook = (pool: PoolLike) => ConnectEnd | undefined;

// Pool waits shorter than this get no span (the metric still records them): with idle connections every pooled
// query waits ~0.1 ms for pg-pool's nextTick, and a span per query for that would double every trace.
const POOL_WAIT_SPAN_MIN_MS = 1;

/**
 * Instruments pg: Client.prototype.query (every query, including Pool.query's) and Pool.prototype.connect (the
 * wait for a connection). Returns the unhook function. Callbacks handed to pg are bound to the caller's async
 * context, because pg calls them from its socket's (or, for a full pool, from the releasing request's) context.
 */
export function instrumentPg(targets: PgTargets, deps: PgInstrumentationDeps): () => void {
  const unhooks = [hookMethod<QueryHook>(targets.client, 'query', queryHook(deps), wrapQuery(deps.onError))];
  if (targets.pool) {
    unhooks.push(hookMethod<ConnectHook>(targets.pool, 'connect', connectHook(deps), wrapConnect(deps.onError)));
  }
  return () => {
    for (const unhook of unhooks) unhook();
  };
}

function queryHook({ recorder, metrics, statements }: PgInstrumentationDeps): QueryHook {
  // One hasher for every call: a hash is computed start to end synchronously, so calls never share it.
  const hasher = new ValueHasher();
  // Result rows are hashed only for traces the tail sampler keeps (~2 % of requests), when the request ends.
  const addResultHash: DeferredAttributes = (attributes, result) => {
    const hash = resultHash(hasher, result);
    if (hash !== undefined) attributes['stride.db.result_hash'] = hash;
  };
  return (client, config, values) => {
    const text = typeof config === 'string' ? config : (config as { text?: unknown }).text;
    if (typeof text !== 'string') return undefined;
    const statement = statements.get(text);
    const call = recorder.start();
    const params = Array.isArray(values) ? values : (config as { values?: unknown }).values;
    const dependsOn = call.trace ? recorder.dependsOn(call, parameterKeys(params)) : undefined;
    // Hashed as sent, before the host can reuse the array; only inside traced requests (spans only, not metrics).
    const hashOfParams = call.trace ? paramsHash(hasher, statement, params) : undefined;
    return (error, result) => {
      const errorType = error === undefined || error === null ? undefined : pgErrorType(error);
      const rows = errorType === undefined ? returnedRows(result) : undefined;
      let span: Parameters<CallRecorder['finish']>[1];
      if (call.trace) {
        const attributes: Record<string, AttributeValue> = {
          'db.system.name': 'postgresql',
          'db.operation.name': statement.operation,
          'db.query.text': statement.text,
          'stride.db.fingerprint': statement.fingerprint,
        };
        addConnectionAttributes(attributes, client);
        if (rows !== undefined) attributes['db.response.returned_rows'] = rows;
        if (dependsOn !== undefined) attributes['stride.depends_on'] = dependsOn;
        if (hashOfParams !== undefined) attributes['stride.db.params_hash'] = hashOfParams;
        const hashable = rows !== undefined && rows <= MAX_RESULT_ROWS;
        span = {
          name: statement.spanName,
          kind: SpanKind.CLIENT,
          attributes,
          error: errorType,
          deferred: hashable ? addResultHash : undefined,
          deferredValue: hashable ? result : undefined,
        };
      }
      const produced = call.trace && errorType === undefined ? resultKeys(result) : undefined;
      const ms = recorder.finish(call, span, { produced, repeatKey: statement.fingerprint });
      metrics.recordQuery(statement, ms / 1000, rows, errorType);
    };
  };
}

function connectHook({ recorder, metrics, pools }: PgInstrumentationDeps): ConnectHook {
  return (pool) => {
    const name = pools.register(pool);
    const call = recorder.start();
    return (error) => {
      const errorType = error ? ((error as Error).name ?? 'Error') : undefined;
      const ms = recorder.finish(call, (durationMs) =>
        durationMs >= POOL_WAIT_SPAN_MIN_MS || errorType !== undefined
          ? {
              name: 'pg.pool.connect',
              kind: SpanKind.INTERNAL,
              attributes: { 'db.client.connection.pool.name': name },
              error: errorType,
            }
          : undefined,
      );
      metrics.recordPoolWait(name, ms / 1000, errorType);
    };
  };
}

/**
 * Client.prototype.query(config, values?, callback?) in all its forms: callback (3rd argument, 2nd, or
 * config.callback), promise, or submittable (Cursor, QueryStream, pg.Query: observed through its events).
 */
function wrapQuery(onError: (err: unknown) => void) {
  return (original: AnyFunction, hooks: ReadonlySet<QueryHook>): AnyFunction =>
    function strideQuery(this: unknown, ...args: unknown[]) {
      const [config, values, callback] = args;
      if (hooks.size === 0 || config === null || config === undefined) return original.apply(this, args);
      const observers = startHooks<QueryHook, QueryEnd>(hooks, [this, config, values], onError);
      if (observers.length === 0) return original.apply(this, args);
      const end = once((error: unknown, result: unknown) => endObservers(observers, error, result));
      const submittable = config as { submit?: unknown; once?: AnyFunction; on?: AnyFunction; callback?: unknown };
      if (typeof submittable.submit === 'function') {
        if (typeof submittable.once === 'function' && typeof submittable.on === 'function') {
          submittable.once('end', (result: unknown) => end(undefined, result));
          submittable.on(errorMonitor, (error: unknown) => end(error, undefined));
        }
        return original.apply(this, args);
      }
      if (typeof callback === 'function')
        return original.call(this, config, values, bound(callback as AnyFunction, end));
      if (typeof values === 'function') return original.call(this, config, bound(values as AnyFunction, end));
      if (typeof submittable.callback === 'function') {
        return original.call(this, config, values, bound(submittable.callback as AnyFunction, end));
      }
      return observePromise(original, this, args, end);
    };
}

/** Pool.prototype.connect(callback?): measures until the callback runs or the promise settles. */
function wrapConnect(onError: (err: unknown) => void) {
  return (original: AnyFunction, hooks: ReadonlySet<ConnectHook>): AnyFunction =>
    function strideConnect(this: PoolLike, ...args: unknown[]) {
      if (hooks.size === 0) return original.apply(this, args);
      const observers = startHooks<ConnectHook, ConnectEnd>(hooks, [this], onError);
      if (observers.length === 0) return original.apply(this, args);
      const end = once((error: unknown) => endObservers(observers, error));
      const [callback] = args;
      if (typeof callback === 'function') return original.call(this, bound(callback as AnyFunction, end));
      return observePromise(original, this, args, end);
    };
}

function observePromise(original: AnyFunction, self: unknown, args: unknown[], end: QueryEnd): unknown {
  let result: unknown;
  try {
    result = original.apply(self, args);
  } catch (err) {
    end(err, undefined);
    throw err;
  }
  if (result && typeof (result as PromiseLike<unknown>).then === 'function') {
    (result as PromiseLike<unknown>).then(
      (value) => end(undefined, value),
      (error) => end(error, undefined),
    );
  }
  return result;
}

/**
 * The host's callback, run in the caller's async context after the observers saw the outcome. An AsyncResource
 * made here carries that context; AsyncResource.bind would too, but on Node 20 it also builds two deprecation
 * wrappers per call (~10 µs).
 */
function bound(callback: AnyFunction, end: QueryEnd): AnyFunction {
  const resource = new AsyncResource('stride.agent.callback');
  return function strideCallback(this: unknown, ...args: unknown[]) {
    end(args[0], args[1]);
    return resource.runInAsyncScope(callback, this, ...args);
  };
}

function once<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
  let done = false;
  return (...args) => {
    if (done) return;
    done = true;
    fn(...args);
  };
}

/** SQLSTATE (`23505`, `42P01`) when the server sent one, else the error's class name. */
function pgErrorType(error: unknown): string {
  const { code, name } = error as { code?: unknown; name?: unknown };
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  return typeof name === 'string' && name ? name : 'Error';
}

interface ResultLike {
  rows?: unknown;
  fields?: Array<{ name?: unknown }>;
}

/** Rows returned: rows.length of a Result, summed over the Results of a multi-statement query. */
function returnedRows(result: unknown): number | undefined {
  const results = Array.isArray(result) ? (result as ResultLike[]) : [result as ResultLike];
  let rows: number | undefined;
  for (const r of results) {
    if (r && Array.isArray(r.rows)) rows = (rows ?? 0) + r.rows.length;
  }
  return rows;
}

function resultKeys(result: unknown): string[] | undefined {
  const first = (Array.isArray(result) ? result[0] : result) as ResultLike | undefined;
  if (!first || !Array.isArray(first.fields) || !Array.isArray(first.rows) || first.rows.length === 0) return undefined;
  const names = first.fields.length <= 64 ? first.fields.map((f) => String(f?.name)) : [];
  return rowKeys(first.rows, names);
}

/** db.namespace, server.address and server.port of a pg Client (public fields of pg ≥ 8). */
function addConnectionAttributes(out: Record<string, AttributeValue>, client: unknown): void {
  const { database, host, port } = (client ?? {}) as { database?: unknown; host?: unknown; port?: unknown };
  if (typeof database === 'string') out['db.namespace'] = database;
  if (typeof host === 'string') out['server.address'] = host;
  if (typeof port === 'number') out['server.port'] = port;
}
