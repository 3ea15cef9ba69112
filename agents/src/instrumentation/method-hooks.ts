// biome-ignore lint/suspicious/noExplicitAny: wraps arbitrary host functions, whose signatures vary by library
export type AnyFunction = (this: any, ...args: any[]) => any;

/**
 * Wraps `target[method]` once per target, however many agents (or copies of the agent package) hook it, and
 * returns an unhook function. The wrapper made by `wrap` receives the live hook set and must call straight through
 * when it is empty, so an agent that shut down leaves a pass-through behind, never a broken method. The set lives
 * on the target under a Symbol.for key, so every agent copy in the process shares one wrapper.
 * Example: hookMethod(pg.Client.prototype, 'query', myHook, wrapQuery) — two agents → one wrapper, two hooks.
 */
export function hookMethod<H>(
  target: object,
  method: string,
  hook: H,
  wrap: (original: AnyFunction, hooks: ReadonlySet<H>) => AnyFunction,
): () => void {
  const key = Symbol.for(`stride.agent.hooks.v1.${method}`);
  const holder = target as Record<string | symbol, unknown>;
  let hooks = holder[key] as Set<H> | undefined;
  if (!hooks) {
    const original = holder[method];
    if (typeof original !== 'function') throw new TypeError(`${method} is not a function`);
    hooks = new Set();
    const wrapper = wrap(original as AnyFunction, hooks);
    Object.defineProperty(wrapper, 'name', { value: original.name });
    Object.defineProperty(wrapper, 'length', { value: original.length });
    holder[method] = wrapper;
    Object.defineProperty(holder, key, { value: hooks, configurable: true });
  }
  hooks.add(hook);
  return () => {
    hooks.delete(hook);
  };
}

/** Calls `fn(args)` for every hook, collecting what they return; a hook that throws is reported and skipped. */
export function startHooks<H extends AnyFunction, R>(
  hooks: ReadonlySet<H>,
  args: Parameters<H>,
  onError: (err: unknown) => void = () => {},
): R[] {
  const started: R[] = [];
  for (const hook of hooks) {
    try {
      const result = hook(...args) as R | undefined;
      if (result !== undefined) started.push(result);
    } catch (err) {
      onError(err);
    }
  }
  return started;
}

/** Calls each observer once with `args`, swallowing their errors: a call's outcome must reach the host unchanged. */
export function endObservers<A extends unknown[]>(observers: ReadonlyArray<(...args: A) => void>, ...args: A): void {
  for (const observe of observers) {
    try {
      observe(...args);
    } catch {}
  }
}
