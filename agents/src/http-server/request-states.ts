import type { RouteState } from './route-template.js';

/** What the process-wide patches (Router layers, ServerResponse write/end) read and write about one request. */
export interface MeasuredRequest extends RouteState {
  /** Response body bytes written while no Content-Length was set (the middleware's records have it). */
  responseCounted?: number;
  /** The middleware measuring it: a write is counted only by its own agent's hook. */
  readonly owner?: object;
}

const KEY = Symbol.for('stride.agent.requestStates.v1');

/**
 * req → the state of the agent measuring it. Process-wide, under a Symbol.for key, because the patches that read it
 * are: the Router Layer prototype and ServerResponse.prototype are patched once per process by whichever copy of
 * the agent package came first, and must find requests measured by any copy. A WeakMap rather than a property on
 * req/res: Express swaps their prototypes on every request, so V8 builds fresh hidden classes for every property
 * added to them afterwards (~25k instructions each, measured), where a WeakMap entry costs a hash insert.
 */
const holder = globalThis as Record<symbol, WeakMap<object, MeasuredRequest> | undefined>;
holder[KEY] ??= new WeakMap();
export const requestStates: WeakMap<object, MeasuredRequest> = holder[KEY];
