import { describe, expect, it } from 'vitest';
import {
  attachRouteState,
  enterLayer,
  leaveLayer,
  matchedRouteOf,
  ROOT_PREFIX,
  RouteState,
  templateFromMatch,
} from './route-template.js';

describe('PrefixNode', () => {
  it.each([
    [[], '/products/:id', '/products/:id'],
    [['/api'], '/products/:id', '/api/products/:id'],
    [['/api/', '/users/:userId/orders'], '/:orderId', '/api/users/:userId/orders/:orderId'],
    [['/api'], '/', '/api'],
    [[], '/', '/'],
  ])('%o + %s → %s', (prefixes, route, expected) => {
    const node = prefixes.reduce((n, p) => n.child(p), ROOT_PREFIX);
    expect(node.template(route)).toBe(expected);
    expect(node.template(route)).toBe(expected);
  });
  it('interns nodes per prefix chain', () => {
    expect(ROOT_PREFIX.child('/api').child('/v1')).toBe(ROOT_PREFIX.child('/api').child('/v1'));
    expect(ROOT_PREFIX.child('/api')).not.toBe(ROOT_PREFIX.child('/v1'));
  });
});

describe('templateFromMatch (Express 4, router < 2.3)', () => {
  it('replaces param values by their names', () => {
    expect(templateFromMatch('/users/7/orders', [{ name: 'userId' }], { userId: '7' })).toBe('/users/:userId/orders');
    expect(templateFromMatch('/a/x%20y', ['name'], { name: 'x y' })).toBe('/a/:name');
  });
  it('treats root mounts as no prefix and keeps static paths', () => {
    expect(templateFromMatch('', [], {})).toBe('');
    expect(templateFromMatch('/', [], {})).toBe('');
    expect(templateFromMatch('/api', [], {})).toBe('/api');
  });
});

function measured(): object {
  const req = {};
  attachRouteState(req, new RouteState());
  return req;
}

describe('enterLayer / leaveLayer', () => {
  it('records mount prefixes (router ≥ 2.3 rawPath) and the route entered inside them', () => {
    const req = measured();
    const outer = enterLayer({ rawPath: '/api' }, req);
    const inner = enterLayer({ rawPath: '/users/:userId/orders' }, req);
    expect(enterLayer({ rawPath: '/' }, req)).toBeUndefined();
    expect(enterLayer({ route: { path: '/:orderId' } }, req)).toBeUndefined();
    expect(matchedRouteOf(req)).toBe('/api/users/:userId/orders/:orderId');
    leaveLayer(req, inner!);
    enterLayer({ route: { path: '/health' } }, req);
    expect(matchedRouteOf(req)).toBe('/api/health');
    leaveLayer(req, outer!);
    enterLayer({ route: { path: '/' } }, req);
    expect(matchedRouteOf(req)).toBe('/');
  });

  it('reads Express 4 mounts from the latest match and ignores fast-slash and method layers', () => {
    const req = measured();
    expect(enterLayer({ regexp: { fast_slash: true } }, req)).toBeUndefined();
    expect(enterLayer({ method: 'get', path: '/x' }, req)).toBeUndefined();
    const saved = enterLayer({ path: '/users/7', keys: [{ name: 'id' }], params: { id: '7' } }, req);
    expect(saved).toBe(ROOT_PREFIX);
    enterLayer({ route: { path: '/orders' } }, req);
    expect(matchedRouteOf(req)).toBe('/users/:id/orders');
  });

  it('keeps the route when the route passes an error on, and leaves it undefined when none matched', () => {
    const req = measured();
    expect(matchedRouteOf(req)).toBeUndefined();
    enterLayer({ route: { path: '/boom' } }, req);
    enterLayer({ rawPath: '/' }, req); // error handler
    expect(matchedRouteOf(req)).toBe('/boom');
  });

  it('leaves requests the middleware does not measure alone', () => {
    const req = {};
    expect(enterLayer({ rawPath: '/api' }, req)).toBeUndefined();
    expect(matchedRouteOf(req)).toBeUndefined();
  });

  it('never throws on odd layers', () => {
    const hostile = {
      get route(): never {
        throw new Error('x');
      },
    };
    expect(enterLayer(hostile, measured())).toBeUndefined();
    expect(enterLayer({ rawPath: ['/a', '/b'] }, measured())).toBe(ROOT_PREFIX);
  });
});
