import { describe, expect, it } from 'vitest';
import { enterLayer, joinTemplate, leaveLayer, matchedRouteOf, templateFromMatch } from './route-template.js';

describe('joinTemplate', () => {
  it.each([
    [[], '/products/:id', '/products/:id'],
    [['/api'], '/products/:id', '/api/products/:id'],
    [['/api/', '/users/:userId/orders'], '/:orderId', '/api/users/:userId/orders/:orderId'],
    [['/api'], '/', '/api'],
    [[], '/', '/'],
    [[''], '/', '/'],
  ])('%o + %s → %s', (prefixes, route, expected) => {
    expect(joinTemplate(prefixes, route)).toBe(expected);
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

describe('enterLayer / leaveLayer', () => {
  it('records mount prefixes (router ≥ 2.3 rawPath) and the route entered inside them', () => {
    const req = {};
    const outer = enterLayer({ rawPath: '/api' }, req);
    const inner = enterLayer({ rawPath: '/users/:userId/orders' }, req);
    expect(enterLayer({ rawPath: '/' }, req)).toBe(-1);
    expect(enterLayer({ route: { path: '/:orderId' } }, req)).toBe(-1);
    expect(matchedRouteOf(req)).toBe('/api/users/:userId/orders/:orderId');
    leaveLayer(req, inner);
    enterLayer({ route: { path: '/health' } }, req);
    expect(matchedRouteOf(req)).toBe('/api/health');
    leaveLayer(req, outer);
    enterLayer({ route: { path: '/' } }, req);
    expect(matchedRouteOf(req)).toBe('/');
  });

  it('keeps the route when the route passes an error on, and leaves it undefined when none matched', () => {
    const req = {};
    expect(matchedRouteOf(req)).toBeUndefined();
    enterLayer({ route: { path: '/boom' } }, req);
    enterLayer({ rawPath: '/' }, req); // error handler
    expect(matchedRouteOf(req)).toBe('/boom');
  });

  it('never throws on odd layers', () => {
    const hostile = {
      get route(): never {
        throw new Error('x');
      },
    };
    expect(enterLayer(hostile, {})).toBe(-1);
    expect(enterLayer({ rawPath: ['/a', '/b'] }, {})).toBe(0);
  });
});
