import { describe, expect, it } from 'vitest';
import { urlTemplate } from './url-template.js';

describe('urlTemplate', () => {
  it.each([
    ['/v1/charges/ch_3MmlLrLkdIwHu7ix0snN0B15/refunds?limit=3', '/v1/charges/{id}/refunds'],
    ['/v2/orders/42/items/sku-900', '/v2/orders/{id}/items/{id}'],
    ['/payments/3f2504e0-4f89-11d3-9a0c-0305e82c3301', '/payments/{id}'],
    ['/objects/507f1f77bcf86cd799439011#frag', '/objects/{id}'],
    ['/oauth2/token', '/oauth2/token'],
    ['/', '/'],
    ['', '/'],
    ['/products/shoes/red', '/products/shoes/red'],
  ])('%s → %s', (path, template) => {
    expect(urlTemplate(path)).toBe(template);
  });

  it('bounds the number of segments and the length', () => {
    const deep = `/${Array.from({ length: 40 }, (_, i) => `s${'x'.repeat(i % 3)}`).join('/')}`;
    expect(urlTemplate(deep).split('/').length).toBeLessThanOrEqual(18);
    expect(urlTemplate(`/${'a'.repeat(1000)}`).length).toBeLessThanOrEqual(256);
  });
});
