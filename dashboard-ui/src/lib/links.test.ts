import { describe, expect, it } from 'vitest';
import { routeFromSplat, routePath, servicePath, tracePath } from './links.js';

describe('links', () => {
  it('encodes service names and keeps route segments readable', () => {
    expect(servicePath('shop')).toBe('/services/shop');
    expect(servicePath('a/b c')).toBe('/services/a%2Fb%20c');
    expect(routePath('shop', 'GET', '/products/:id')).toBe('/services/shop/routes/GET/products/%3Aid');
    expect(routePath('shop', 'GET', '/')).toBe('/services/shop/routes/GET/');
    expect(tracePath('abc')).toBe('/traces/abc');
  });

  it('recovers the template from the splat', () => {
    expect(routeFromSplat('products/:id')).toBe('/products/:id');
    expect(routeFromSplat('')).toBe('/');
    expect(routeFromSplat(undefined)).toBe('/');
  });
});
