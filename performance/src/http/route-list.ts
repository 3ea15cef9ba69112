/**
 * Lists `METHOD /path` for every route registered on an Express app or router, walking mounted sub-routers.
 * Reads Express 5's router internals (`stack`, `route`, `rawPath`), so it is for tests and diagnostics only.
 */
interface LayerLike {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
  rawPath?: unknown;
}

export function listRoutes(appOrRouter: object, prefix = ''): string[] {
  const target = appOrRouter as { router?: { stack?: LayerLike[] }; stack?: LayerLike[] };
  const stack = target.stack ?? target.router?.stack ?? [];
  const routes: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const path of paths) {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on) routes.push(`${method.toUpperCase()} ${path === '/' && prefix !== '' ? prefix : prefix + path}`);
        }
      }
    } else if (layer.handle?.stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      routes.push(...listRoutes({ stack: layer.handle.stack }, `${prefix}${mount}`));
    }
  }
  return routes;
}

/** `/services/:service/routes` → `/services/{service}/routes`, the OpenAPI spelling. */
export function toOpenApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
