import { describe, expect, it } from 'vitest';
import { DependencyEvidence } from './dependency-evidence.js';
import { parameterKeys, rowKeys, textKeys, urlKeys } from './scalar-values.js';

describe('DependencyEvidence', () => {
  it('links a call to the earlier call whose results held one of its parameters', () => {
    const evidence = new DependencyEvidence();
    evidence.know(urlKeys('/products/shoe'));
    expect(evidence.dependsOn(parameterKeys(['shoe']))).toEqual([]);
    evidence.remember(rowKeys([{ id: 7, category_id: 3 }], ['id', 'name', 'category_id']), 'span-a');
    expect(evidence.dependsOn(parameterKeys([7]))).toEqual(['span-a']);
    expect(evidence.dependsOn(parameterKeys([[1, 2, 3]]))).toEqual(['span-a']);
    expect(evidence.dependsOn(parameterKeys(['nothing', 99]))).toEqual([]);
  });

  it('does not attribute values the request already had (URL values, earlier parameters)', () => {
    const evidence = new DependencyEvidence();
    evidence.know(urlKeys('/products/42?color=red'));
    // SELECT … WHERE id = $1 [42] returns id 42: the 42 came from the URL, not from this result.
    evidence.remember(rowKeys([{ id: 42, brand_id: 5 }], ['id', 'brand_id']), 'span-a');
    expect(evidence.dependsOn(parameterKeys([42]))).toEqual([]);
    expect(evidence.dependsOn(parameterKeys([5]))).toEqual(['span-a']);
    // a parameter sent before any result held it stays the request's own value
    evidence.dependsOn(['sku-1']);
    evidence.remember(['sku-1'], 'span-b');
    expect(evidence.dependsOn(['sku-1'])).toEqual([]);
  });

  it('names each producing span once, the first producer of a value, at most 8', () => {
    const evidence = new DependencyEvidence();
    evidence.remember(['1', '2'], 'a');
    evidence.remember(['2', '3'], 'b');
    expect(evidence.dependsOn(['3', '1', '2'])).toEqual(['b', 'a']);
    for (let i = 0; i < 12; i++) evidence.remember([`v${i}`], `s${i}`);
    expect(evidence.dependsOn(Array.from({ length: 12 }, (_, i) => `v${i}`))).toHaveLength(8);
  });

  it('is bounded: forgets the oldest produced values past maxValues', () => {
    const evidence = new DependencyEvidence(3);
    evidence.remember(['1', '2', '3', '4'], 'a');
    expect(evidence.dependsOn(['1'])).toEqual([]);
    expect(evidence.dependsOn(['4'])).toEqual(['a']);
  });
});

describe('scalar value extraction', () => {
  it('reads the first rows × id-like columns only, from object or array rows', () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ id: i, name: `n${i}`, productId: `p${i}`, valid: 1 }));
    const keys = rowKeys(rows, ['id', 'name', 'productId', 'valid']);
    expect(keys).toHaveLength(40); // 20 rows × (id, productId)
    expect(keys.slice(0, 4)).toEqual(['0', 'p0', '1', 'p1']);
    expect(rowKeys([[9, 'x']], ['order_id', 'note'])).toEqual(['9']);
    expect(rowKeys([{ total: 5 }], ['total'])).toEqual([]);
  });

  it('keeps short scalars and skips booleans, objects and long text', () => {
    expect(parameterKeys([1, '2', 3n, true, null, { a: 1 }, 'x'.repeat(65), Number.NaN, [4, [5]]])).toEqual([
      '1',
      '2',
      '3',
      '4',
    ]);
    expect(parameterKeys('not an array')).toEqual([]);
  });

  it('finds id fields in the first KiB of JSON text without parsing it', () => {
    const json = JSON.stringify({ id: 7, name: 'Shoe', category_id: 'c1', valid: 3, variants: [{ variantId: 9 }] });
    expect(textKeys(json)).toEqual(['7', 'c1', '9']);
    expect(textKeys('17')).toEqual(['17']);
    expect(textKeys(`{"pad":"${'x'.repeat(2000)}","id":5}`)).toEqual([]);
  });

  it('splits a URL into path segments and query values', () => {
    expect(urlKeys('/users/7/orders?sku=a%201&page=2')).toEqual(['users', '7', 'orders', 'a 1', '2']);
  });
});
