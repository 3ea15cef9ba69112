import { enterLayer, type LayerLike, leaveLayer, noteRouteError } from './route-template.js';

type Next = (...args: unknown[]) => unknown;
type HandleFn = (this: LayerLike, req: object, res: unknown, next: Next) => unknown;

// Express 5 (router@2) names the dispatch method handleRequest, Express 4 handle_request.
const HANDLE_METHODS = ['handleRequest', 'handle_request'] as const;
// …and the one called for every layer while an error propagates handleError / handle_error.
const ERROR_METHODS = ['handleError', 'handle_error'] as const;
type HandleErrorFn = (this: LayerLike, err: unknown, req: object, res: unknown, next: Next) => unknown;
const PATCHED = Symbol.for('stride.agent.layerPatched');

interface AppLike {
  _router?: { stack?: unknown };
  router?: { stack?: unknown };
}

/**
 * Makes the Router layers of `req`'s Express app record route templates (see route-template.ts), by wrapping the
 * Layer prototype's dispatch method once. Done lazily on the first request because the app's routes, and the
 * Layer class of the router copy it uses, only exist by then. Returns false when `req` is not from an Express app
 * whose layers can be patched; never throws.
 */
export function patchRouterLayers(req: object): boolean {
  try {
    const app = (req as { app?: AppLike }).app;
    if (!app) return false;
    // Express 4 keeps its router in _router (its `router` getter throws); Express 5 exposes `router`.
    const stack = (app._router ?? app.router)?.stack;
    const layer: unknown = Array.isArray(stack) ? stack[0] : undefined;
    if (layer === null || typeof layer !== 'object') return false;
    return patchLayerPrototype(Object.getPrototypeOf(layer) as Record<string, unknown>);
  } catch {
    return false;
  }
}

function patchLayerPrototype(proto: Record<string, unknown>): boolean {
  const method = HANDLE_METHODS.find((m) => typeof proto[m] === 'function');
  if (!method) return false;
  const original = proto[method] as HandleFn & { [PATCHED]?: true };
  if (original[PATCHED]) return true;
  const patched = function strideHandleRequest(this: LayerLike, req: object, res: unknown, next: Next) {
    const saved = enterLayer(this, req);
    if (saved === undefined || typeof next !== 'function') return original.call(this, req, res, next);
    // Only layers mounted below '/' get here (typically one per request): restore the prefix when they hand on.
    return original.call(this, req, res, function strideLeaveLayer(this: unknown, ...args: unknown[]) {
      leaveLayer(req, saved);
      return next.apply(this, args);
    });
  } as HandleFn & { [PATCHED]?: true };
  patched[PATCHED] = true;
  proto[method] = patched;
  patchErrorMethod(proto);
  return true;
}

/** Notes errors thrown by or passed on from handlers, so their requests count as errors even if answered < 500. */
function patchErrorMethod(proto: Record<string, unknown>): void {
  const method = ERROR_METHODS.find((m) => typeof proto[m] === 'function');
  if (!method) return;
  const original = proto[method] as HandleErrorFn & { [PATCHED]?: true };
  if (original[PATCHED]) return;
  const patched = function strideHandleError(this: LayerLike, err: unknown, req: object, res: unknown, next: Next) {
    noteRouteError(req, err);
    return original.call(this, err, req, res, next);
  } as HandleErrorFn & { [PATCHED]?: true };
  patched[PATCHED] = true;
  proto[method] = patched;
}
