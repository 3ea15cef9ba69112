/**
 * Route templates from the Router layers a request passes through. Each mount prefix a request enters is pushed
 * on a per-request stack and popped when that layer hands the request on (calls next); entering a route layer
 * records prefixes + route path. Example: app.use('/api', api); api.use('/users/:userId/orders', orders);
 * orders.get('/:orderId', h) and GET /api/users/7/orders/9 → '/api/users/:userId/orders/:orderId'.
 */

export interface RouteState {
  /** Mount-path templates of the layers the request is inside, outermost first ('' for '/'). */
  prefixes: string[];
  /** Template of the last route layer entered, or undefined when no route matched. */
  route: string | undefined;
  /** Class name of an error thrown by (or passed to next() from) a handler, once an error handler saw it. */
  error?: string | undefined;
}

/** The subset of Express 4 / router@2 Layer fields we read; all optional because versions differ. */
export interface LayerLike {
  route?: { path?: unknown } | undefined;
  /** router ≥ 2.3: the path given to use()/route(). */
  rawPath?: unknown;
  /** Express 4 and router < 2.3: concrete path, param names and values of the layer's latest match. */
  path?: unknown;
  keys?: unknown;
  params?: unknown;
}

// Symbol.for so that two copies of the agent in one process share the state rather than fight over it.
export const ROUTE_STATE = Symbol.for('stride.agent.routeState');

type WithRouteState = { [ROUTE_STATE]?: RouteState };

export function routeStateOf(req: object): RouteState {
  const holder = req as WithRouteState;
  let state = holder[ROUTE_STATE];
  if (!state) {
    state = { prefixes: [], route: undefined };
    holder[ROUTE_STATE] = state;
  }
  return state;
}

export function matchedRouteOf(req: object): string | undefined {
  return (req as WithRouteState)[ROUTE_STATE]?.route;
}

export function routeErrorOf(req: object): string | undefined {
  return (req as WithRouteState)[ROUTE_STATE]?.error;
}

/** Records that `err` is propagating through the request's error handlers. Never throws. */
export function noteRouteError(req: object, err: unknown): void {
  try {
    const name = (err as { name?: unknown } | null)?.name;
    routeStateOf(req).error = typeof name === 'string' && name ? name.slice(0, 64) : 'Error';
  } catch {}
}

/**
 * Called as `layer` starts handling `req`. Returns the stack depth to restore when the layer calls next, or -1
 * when the layer adds no prefix (routes, '/' mounts, a route's own method layers). Never throws.
 */
export function enterLayer(layer: LayerLike, req: object): number {
  try {
    const state = routeStateOf(req);
    if (layer.route) {
      state.route = joinTemplate(state.prefixes, patternOf(layer.route.path, req) ?? '/');
      return -1;
    }
    const prefix = mountTemplate(layer, req);
    if (!prefix) return -1;
    state.prefixes.push(prefix);
    return state.prefixes.length - 1;
  } catch {
    return -1;
  }
}

export function leaveLayer(req: object, depth: number): void {
  const state = (req as WithRouteState)[ROUTE_STATE];
  if (state && state.prefixes.length > depth) state.prefixes.length = depth;
}

/** '/api' + '/users/:userId/orders' + '/:orderId'; a '/' route under a mount is the mount itself. */
export function joinTemplate(prefixes: readonly string[], routePath: string): string {
  let out = '';
  for (const prefix of prefixes) out += prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (routePath !== '/' || out === '') out += routePath;
  return out === '' ? '/' : out;
}

function mountTemplate(layer: LayerLike, req: object): string {
  if ('rawPath' in layer) {
    const pattern = patternOf(layer.rawPath, req);
    return pattern === undefined || pattern === '/' ? '' : pattern;
  }
  return typeof layer.path === 'string' ? templateFromMatch(layer.path, layer.keys, layer.params) : '';
}

let matchedRouteSymbol: symbol | undefined;

/** A path given to use()/route() as a template string; arrays resolve to the alternative that matched. */
function patternOf(path: unknown, req: object): string | undefined {
  if (typeof path === 'string') return path;
  if (path instanceof RegExp) return String(path);
  if (!Array.isArray(path)) return undefined;
  // router ≥ 2.3 records the matched alternative under a private symbol; find it once by its description.
  matchedRouteSymbol ??= Object.getOwnPropertySymbols(req).find((s) => s.description === 'router.tracing.matchedRoute');
  const matched = matchedRouteSymbol && (req as Record<symbol, unknown>)[matchedRouteSymbol];
  if (typeof matched === 'string' || matched instanceof RegExp) return String(matched);
  return path.map(String).join(',');
}

/**
 * Express 4 / router < 2.3 keep no mount template, only the latest match: '/users/7/orders' with params
 * { userId: '7' } becomes '/users/:userId/orders' (each param replaces the first whole segment equal to it).
 */
export function templateFromMatch(path: string, keys: unknown, params: unknown): string {
  if (path === '' || path === '/') return '';
  if (!Array.isArray(keys) || keys.length === 0 || params === null || typeof params !== 'object') return path;
  const segments = path.split('/');
  for (const key of keys) {
    const name = typeof key === 'object' && key !== null ? (key as { name?: unknown }).name : key;
    const value = (params as Record<string, unknown>)[String(name)];
    if (typeof value !== 'string' || value === '') continue;
    const index = segments.findIndex((s) => s === value || safeDecode(s) === value);
    if (index > 0) segments[index] = `:${String(name)}`;
  }
  return segments.join('/');
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
