import { describe, expect, it } from 'vitest';
import {
  formatList,
  formatSort,
  linkWithGlobals,
  parseList,
  parseSort,
  readGlobalState,
  toggleSort,
  withParams,
} from './url-state.js';

describe('global state', () => {
  it('defaults to the last hour without refresh', () => {
    expect(readGlobalState(new URLSearchParams())).toEqual({ range: { from: 'now-1h', to: 'now' }, refresh: 'off' });
  });

  it('reads the range and ignores an unknown refresh', () => {
    const state = readGlobalState(new URLSearchParams('from=now-6h&to=now-1h&refresh=5s'));
    expect(state).toEqual({ range: { from: 'now-6h', to: 'now-1h' }, refresh: 'off' });
    expect(readGlobalState(new URLSearchParams('refresh=30s')).refresh).toBe('30s');
  });
});

describe('withParams', () => {
  it('sets, removes empties and drops values equal to defaults', () => {
    const base = new URLSearchParams('from=now-6h&q=cart&sort=rate:desc');
    const next = withParams(base, { q: '', sort: 'p95Ms:desc', refresh: 'off', span: 'abc' }, { sort: 'p95Ms:desc' });
    expect(next.toString()).toBe('from=now-6h&span=abc');
    expect(base.toString()).toBe('from=now-6h&q=cart&sort=rate%3Adesc');
  });

  it('drops the default time range', () => {
    expect(withParams(new URLSearchParams('from=now-6h'), { from: 'now-1h', to: 'now' }).toString()).toBe('');
  });
});

describe('linkWithGlobals', () => {
  it('carries only the time range and refresh', () => {
    const params = new URLSearchParams('from=now-24h&refresh=10s&sort=rate:asc&span=1');
    expect(linkWithGlobals('/services/shop', params)).toBe('/services/shop?from=now-24h&refresh=10s');
    expect(linkWithGlobals('/', new URLSearchParams('sort=x'))).toBe('/');
    expect(linkWithGlobals('/traces/ab', params, { span: 'cd' })).toBe('/traces/ab?from=now-24h&refresh=10s&span=cd');
  });
});

describe('sort', () => {
  const keys = ['name', 'p95Ms', 'requestRate'] as const;
  const fallback = { key: 'p95Ms', dir: 'desc' } as const;

  it('parses known keys and falls back otherwise', () => {
    expect(parseSort('name:asc', keys, fallback)).toEqual({ key: 'name', dir: 'asc' });
    expect(parseSort('requestRate', keys, fallback)).toEqual({ key: 'requestRate', dir: 'desc' });
    expect(parseSort('bogus:asc', keys, fallback)).toEqual(fallback);
    expect(parseSort(null, keys, fallback)).toEqual(fallback);
    expect(formatSort({ key: 'name', dir: 'asc' })).toBe('name:asc');
  });

  it('flips the same column and starts a new one at its initial direction', () => {
    expect(toggleSort({ key: 'name', dir: 'asc' }, 'name', 'asc')).toEqual({ key: 'name', dir: 'desc' });
    expect(toggleSort({ key: 'name', dir: 'asc' }, 'p95Ms', 'desc')).toEqual({ key: 'p95Ms', dir: 'desc' });
  });
});

describe('lists', () => {
  it('parses comma lists without empties or duplicates', () => {
    expect(parseList('a, b,,a,c')).toEqual(['a', 'b', 'c']);
    expect(parseList(null)).toEqual([]);
    expect(formatList([])).toBeNull();
    expect(formatList(['a', 'b'])).toBe('a,b');
  });
});
