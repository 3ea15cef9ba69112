/**
 * Route templates from the Router layers a request passes through. The mount prefixes a request is inside form an
 * interned chain of PrefixNodes (one node per distinct prefix path, shared by all requests); entering a mount layer
 * moves the request to the child node and its `next` moves it back; entering a route layer only notes the node and
 * the route's path. The template string is built once per (node, route path) and cached on the node. Example:
 * app.use('/api', api); api.use('/users/:userId/orders', orders); orders.get('/:orderId', h) and
 * GET /api/users/7/orders/9 → node ['/api', '/users/:userId/orders'] + '/:orderId' → '/api/users/:userId/orders/:orderId'.
 * Only requests the middleware measures have a RouteState (in requestStates); the patched layers leave every other
 * request alone, and look a request up only at the few layers that contribute to its template.
 */
import { type MeasuredRequest, requestStates } from './request-states.js';

// Bounds the interned prefixes and templates per node: apps have a fixed set, but regex/array mounts could vary.
const MAX_CACHED_PER_NODE = 256;

export class PrefixNode {
  readonly #children = new Map<string, PrefixNode>();
  readonly #templates = new Map<string, string>();

  /** `path` is this node's full joined prefix without a trailing '/' ('' at the root). */
  constructor(readonly path: string) {}

  child(prefix: string): PrefixNode {
    let node = this.#children.get(prefix);
    if (node) return node;
    node = new PrefixNode(this.path + (prefix.endsWith('/') ? prefix.slice(0, -1) : prefix));
    if (this.#children.size < MAX_CACHED_PER_NODE) this.#children.set(prefix, node);
    return node;
  }

  /** A '/' route under a mount is the mount itself. */
  template(routePath: string): string {
    let template = this.#templates.get(routePath);
    if (template !== undefined) return template;
    let out = this.path;
    if (routePath !== '/' || out === '') out += routePath;
    template = out === '' ? '/' : out;
    if (this.#templates.size < MAX_CACHED_PER_NODE) this.#templates.set(routePath, template);
    return template;
  }
}

export const ROOT_PREFIX = new PrefixNode('');

/** Per-request routing state; the middleware's request record implements it so a request costs one object. */
export class RouteState {
  /** The mount prefixes the request is inside right now. */
  node: PrefixNode = ROOT_PREFIX;
  /** Prefixes and path of the last route layer entered; routePath undefined when no route matched. */
  routeNode: PrefixNode = ROOT_PREFIX;
  routePath: string | undefined = undefined;
  /** Class name of an error thrown by (or passed to next() from) a handler, once an error handler saw it. */
  error: string | undefined = undefined;
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
  method?: unknown;
  /** Express 4: true for '/' mounts. */
  regexp?: { fast_slash?: unknown } | undefined;
}

// Symbol.for so that two copies of the agent in one process share the per-layer cache.
const LAYER_KIND = Symbol.for('stride.agent.layerKind');

/**
 * What a layer contributes, worked out once per layer: nothing (plain '/' middleware and a route's method layers —
 * almost all of them), a fixed prefix or route path (router ≥ 2.3 rawPath), or something that depends on the request
 * (Express 4 concrete matches, array paths).
 */
type LayerKind =
  | { readonly type: 'none' }
  | { readonly type: 'prefix'; readonly prefix: string }
  | { readonly type: 'route'; readonly path: string }
  | { readonly type: 'dynamic-prefix' }
  | { readonly type: 'dynamic-route' };

const NONE: LayerKind = { type: 'none' };
const DYNAMIC_PREFIX: LayerKind = { type: 'dynamic-prefix' };
const DYNAMIC_ROUTE: LayerKind = { type: 'dynamic-route' };

export function routeStateOf(req: object): RouteState | undefined {
  return requestStates.get(req);
}

/** Starts recording routes for `req` (the middleware passes its own request record). */
export function attachRouteState(req: object, state: MeasuredRequest): void {
  requestStates.set(req, state);
}

/** The template of the last route `state`'s request entered; undefined when none matched. */
export function templateOf(state: RouteState): string | undefined {
  return state.routePath === undefined ? undefined : state.routeNode.template(state.routePath);
}

export function matchedRouteOf(req: object): string | undefined {
  const state = requestStates.get(req);
  return state && templateOf(state);
}

/** Records that `err` is propagating through the request's error handlers. Never throws. */
export function noteRouteError(req: object, err: unknown): void {
  try {
    const state = requestStates.get(req);
    if (!state) return;
    const name = (err as { name?: unknown } | null)?.name;
    state.error = typeof name === 'string' && name ? name.slice(0, 64) : 'Error';
  } catch {}
}

/**
 * Called as `layer` starts handling `req`. Returns the prefix node to restore when the layer calls next, or
 * undefined when the layer adds no prefix (routes, '/' mounts, a route's own method layers, unmeasured requests).
 * Never throws.
 */
export function enterLayer(layer: LayerLike, req: object): PrefixNode | undefined {
  try {
    const kind = kindOf(layer);
    if (kind === NONE) return undefined;
    const state = requestStates.get(req);
    if (!state) return undefined;
    switch (kind.type) {
      case 'none':
        return undefined;
      case 'route':
        state.routeNode = state.node;
        state.routePath = kind.path;
        return undefined;
      case 'dynamic-route':
        state.routeNode = state.node;
        state.routePath = patternOf(layer.route?.path, req) ?? '/';
        return undefined;
      case 'prefix':
        return enterPrefix(state, kind.prefix);
      case 'dynamic-prefix':
        return enterPrefix(state, dynamicPrefixOf(layer, req));
    }
  } catch {
    return undefined;
  }
}

export function leaveLayer(req: object, saved: PrefixNode): void {
  const state = requestStates.get(req);
  if (state) state.node = saved;
}

function enterPrefix(state: RouteState, prefix: string): PrefixNode | undefined {
  if (!prefix) return undefined;
  const saved = state.node;
  state.node = saved.child(prefix);
  return saved;
}

function kindOf(layer: LayerLike): LayerKind {
  const cached = (layer as { [LAYER_KIND]?: LayerKind })[LAYER_KIND];
  if (cached) return cached;
  const kind = classify(layer);
  try {
    Object.defineProperty(layer, LAYER_KIND, { value: kind, enumerable: false, configurable: true });
  } catch {}
  return kind;
}

function classify(layer: LayerLike): LayerKind {
  if (layer.route) {
    const path = layer.route.path;
    if (typeof path === 'string') return { type: 'route', path };
    if (path instanceof RegExp) return { type: 'route', path: String(path) };
    return DYNAMIC_ROUTE;
  }
  if ('rawPath' in layer) {
    const raw = layer.rawPath;
    if (Array.isArray(raw)) return DYNAMIC_PREFIX;
    const pattern = typeof raw === 'string' ? raw : raw instanceof RegExp ? String(raw) : undefined;
    return pattern === undefined || pattern === '/' || pattern === '' ? NONE : { type: 'prefix', prefix: pattern };
  }
  // Express 4: '/' mounts are fast_slash; a Route's own method layers (which carry `method`) never match a path.
  if (layer.regexp?.fast_slash === true || typeof layer.method === 'string') return NONE;
  return DYNAMIC_PREFIX;
}

function dynamicPrefixOf(layer: LayerLike, req: object): string {
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
