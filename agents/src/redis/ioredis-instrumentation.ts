import type { CallRecorder } from '../instrumentation/call-recorder.js';
import type { DbClientMetrics } from '../instrumentation/db-client-metrics.js';
import { type AnyFunction, endObservers, hookMethod, startHooks } from '../instrumentation/method-hooks.js';
import type { AttributeValue } from '../metrics/attributes.js';
import { SpanKind } from '../otlp/types.js';
import { scalarKey } from '../tracing/scalar-values.js';
import { CACHE_READS, type CacheRead, cacheResult, replyKeys } from './cache-reads.js';
import { keyPrefix, keySuffix } from './key-prefix.js';

export interface IoredisInstrumentationDeps {
  recorder: CallRecorder;
  metrics: DbClientMetrics;
  onError: (err: unknown) => void;
}

/** The parts of an ioredis Command we read. */
interface CommandLike {
  name?: unknown;
  args?: unknown;
  promise?: PromiseLike<unknown>;
}

type CommandEnd = (error: unknown, reply: unknown) => void;
type CommandHook = (client: unknown, command: CommandLike) => CommandEnd | undefined;

// Commands whose first argument is not a key.
const KEYLESS = new Set(
  'auth hello ping echo info select client config command cluster multi exec discard quit eval evalsha eval_ro evalsha_ro fcall fcall_ro script function publish spublish subscribe psubscribe ssubscribe unsubscribe punsubscribe sunsubscribe dbsize time flushdb flushall keys scan randomkey memory slowlog debug wait role lastsave save bgsave readonly readwrite'.split(
    ' ',
  ),
);
const MAX_PARAMS = 16;
// ioredis may pass a command through sendCommand more than once (offline queue, reconnect): measure it once.
const OBSERVED = Symbol('stride.agent.observedCommand');

/**
 * Instruments ioredis through Redis.prototype.sendCommand, the one path every command (and every pipelined or
 * MULTI command) takes; the command's own promise carries the reply. Returns the unhook function.
 */
export function instrumentIoredis(target: object, deps: IoredisInstrumentationDeps): () => void {
  return hookMethod<CommandHook>(target, 'sendCommand', commandHook(deps), wrapSendCommand(deps.onError));
}

function commandHook({ recorder, metrics }: IoredisInstrumentationDeps): CommandHook {
  const operations = new Map<string, string>();
  return (client, command) => {
    const name = typeof command.name === 'string' ? command.name.toLowerCase() : '';
    if (!name) return undefined;
    let operation = operations.get(name);
    if (operation === undefined) {
      operation = name.toUpperCase();
      if (operations.size < 1000) operations.set(name, operation);
    }
    const args = Array.isArray(command.args) ? (command.args as unknown[]) : [];
    const key = KEYLESS.has(name) || typeof args[0] !== 'string' ? undefined : (args[0] as string);
    const prefix = key === undefined ? undefined : keyPrefix(key);
    const call = recorder.start();
    const dependsOn = call.trace ? recorder.dependsOn(call, commandParams(args, key)) : undefined;
    const op = operation;
    return (error, reply) => {
      const errorType = error ? redisErrorType(error) : undefined;
      const readOutcome = CACHE_READS[name];
      const read: CacheRead | undefined = readOutcome && !error ? readOutcome(reply, args) : undefined;
      let span: Parameters<CallRecorder['finish']>[1];
      if (call.trace) {
        const attributes: Record<string, AttributeValue> = {
          'db.system.name': 'redis',
          'db.operation.name': op,
          ...serverAttributes(client),
        };
        if (read) attributes['cache.result'] = cacheResult(read);
        if (prefix !== undefined) attributes['stride.cache.key_prefix'] = prefix;
        if (dependsOn !== undefined) attributes['stride.depends_on'] = dependsOn;
        span = { name: op, kind: SpanKind.CLIENT, attributes, error: errorType };
      }
      const produced = call.trace && read && read.hits > 0 ? replyKeys(reply) : undefined;
      const ms = recorder.finish(call, span, { produced, repeatKey: `redis ${op} ${prefix ?? ''}` });
      metrics.recordCommand(op, ms / 1000, errorType);
      if (read) metrics.recordLookups(op, prefix, read.hits, read.misses);
    };
  };
}

function wrapSendCommand(onError: (err: unknown) => void) {
  return (original: AnyFunction, hooks: ReadonlySet<CommandHook>): AnyFunction =>
    function strideSendCommand(this: unknown, ...args: unknown[]) {
      const [command] = args;
      if (hooks.size === 0 || command === null || typeof command !== 'object') return original.apply(this, args);
      try {
        const marked = command as CommandLike & { [OBSERVED]?: true };
        if (!marked[OBSERVED] && typeof marked.promise?.then === 'function') {
          marked[OBSERVED] = true;
          const observers = startHooks<CommandHook, CommandEnd>(hooks, [this, marked], onError);
          if (observers.length > 0) {
            marked.promise.then(
              (reply) => endObservers(observers, undefined, reply),
              (error) => endObservers(observers, error ?? new Error('rejected'), undefined),
            );
          }
        }
      } catch (err) {
        onError(err);
      }
      return original.apply(this, args);
    };
}

/** String/number arguments (the first 16), plus the key's last segment: `GET product:42` → product:42, 42. */
function commandParams(args: readonly unknown[], key: string | undefined): string[] {
  const params: string[] = [];
  const n = Math.min(args.length, MAX_PARAMS);
  for (let i = 0; i < n; i++) {
    const param = scalarKey(args[i]);
    if (param !== undefined) params.push(param);
  }
  const suffix = key === undefined ? undefined : keySuffix(key);
  if (suffix !== undefined) params.push(suffix);
  return params;
}

/** ReplyError → the reply's error code (`ERR`, `WRONGTYPE`, `NOSCRIPT`); other errors → their class name. */
function redisErrorType(error: unknown): string {
  const { name, message } = error as { name?: unknown; message?: unknown };
  if (name === 'ReplyError' && typeof message === 'string') {
    const code = /^[A-Z]+/.exec(message)?.[0];
    if (code) return code;
  }
  return typeof name === 'string' && name ? name : 'Error';
}

function serverAttributes(client: unknown): Record<string, AttributeValue> {
  const options = (client as { options?: { host?: unknown; port?: unknown } } | null)?.options;
  const out: Record<string, AttributeValue> = {};
  if (typeof options?.host === 'string') out['server.address'] = options.host;
  if (typeof options?.port === 'number') out['server.port'] = options.port;
  return out;
}
