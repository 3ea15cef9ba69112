// In-app paths. Route templates contain slashes and colons (`/products/:id`), so a route page's path is the
// method followed by the template's own segments: /services/shop/routes/GET/products/:id.

const segment = (text: string) => encodeURIComponent(text);

export function servicePath(service: string): string {
  return `/services/${segment(service)}`;
}

export function routePath(service: string, method: string, route: string): string {
  const parts = route.split('/').filter((p) => p !== '');
  return `${servicePath(service)}/routes/${segment(method)}/${parts.map(segment).join('/')}`;
}

/** The route template back from the page's splat parameter (`products/:id` → `/products/:id`). */
export function routeFromSplat(splat: string | undefined): string {
  return `/${(splat ?? '').replace(/^\/+/, '')}`;
}

export function tracePath(traceId: string): string {
  return `/traces/${segment(traceId)}`;
}

export function dashboardPath(id: string): string {
  return `/dashboards/${segment(id)}`;
}
