import { describe, expect, it } from 'vitest';
import { CACHE_READS, cacheResult, replyKeys } from './cache-reads.js';
import { keyPrefix, keySuffix } from './key-prefix.js';

describe('keyPrefix', () => {
  it.each([
    ['product:42', 'product'],
    ['cart:user:17:items', 'cart:user'],
    ['v2:catalog:list:page:3', 'v2:catalog:list'],
    ['sess:9f2c0a7d', 'sess'],
    ['session:tok', 'session'],
    ['catalog:slug:red-shoes', 'catalog:slug'],
    ['a:b:c:d:e', 'a:b:c'],
    ['config', undefined],
    ['42', undefined],
    ['a1b2c3:x', undefined],
  ])('%s → %s', (key, prefix) => {
    expect(keyPrefix(key)).toBe(prefix);
  });

  it('takes the last segment as the suffix', () => {
    expect(keySuffix('product:42')).toBe('42');
    expect(keySuffix('product:')).toBeUndefined();
    expect(keySuffix('plain')).toBeUndefined();
  });
});

describe('cache reads', () => {
  it('reads hits and misses from replies, per key for multi-key reads', () => {
    expect(CACHE_READS.get?.('v', ['k'])).toEqual({ hits: 1, misses: 0 });
    expect(CACHE_READS.get?.(null, ['k'])).toEqual({ hits: 0, misses: 1 });
    expect(CACHE_READS.mget?.(['a', null, 'c'], ['1', '2', '3'])).toEqual({ hits: 2, misses: 1 });
    expect(CACHE_READS.hgetall?.({}, ['h'])).toEqual({ hits: 0, misses: 1 });
    expect(CACHE_READS.hgetall?.({ a: '1' }, ['h'])).toEqual({ hits: 1, misses: 0 });
    expect(CACHE_READS.exists?.(2, ['a', 'b', 'c'])).toEqual({ hits: 2, misses: 1 });
    expect(CACHE_READS.set).toBeUndefined();
    expect(cacheResult({ hits: 2, misses: 1 })).toBe('partial');
    expect(cacheResult({ hits: 0, misses: 3 })).toBe('miss');
  });

  it('takes evidence values from replies: scalars, JSON id fields, id-like hash fields', () => {
    expect(replyKeys('17')).toEqual(['17']);
    expect(replyKeys(['{"id":3}', null, '9'])).toEqual(['3', '9']);
    expect(replyKeys({ user_id: '5', name: 'x' })).toEqual(['5']);
    expect(replyKeys(Buffer.from('x'))).toEqual([]);
  });
});
