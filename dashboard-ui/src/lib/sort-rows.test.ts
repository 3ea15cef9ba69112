import { describe, expect, it } from 'vitest';
import { compareCells, matchesFilter, sortRows } from './sort-rows.js';

describe('sortRows', () => {
  const rows = [
    { route: '/b', p95Ms: 20 },
    { route: '/a', p95Ms: null },
    { route: '/c', p95Ms: 5 },
    { route: '/products/10', p95Ms: 7 },
    { route: '/products/9', p95Ms: 7 },
  ];
  const value = (row: (typeof rows)[number], key: 'route' | 'p95Ms') => row[key];

  it('sorts numbers either way with missing values last', () => {
    expect(sortRows(rows, { key: 'p95Ms', dir: 'desc' }, value).map((r) => r.p95Ms)).toEqual([20, 7, 7, 5, null]);
    expect(sortRows(rows, { key: 'p95Ms', dir: 'asc' }, value).map((r) => r.p95Ms)).toEqual([5, 7, 7, 20, null]);
  });

  it('sorts text naturally and keeps ties stable', () => {
    expect(sortRows(rows, { key: 'route', dir: 'asc' }, value).map((r) => r.route)).toEqual([
      '/a',
      '/b',
      '/c',
      '/products/9',
      '/products/10',
    ]);
    expect(
      sortRows(rows, { key: 'p95Ms', dir: 'asc' }, value)
        .slice(1, 3)
        .map((r) => r.route),
    ).toEqual(['/products/10', '/products/9']);
    expect(compareCells(Number.NaN, 1, 'desc')).toBe(1);
  });

  it('filters on every term', () => {
    expect(matchesFilter('GET /products/:id', 'get products')).toBe(true);
    expect(matchesFilter('GET /products/:id', 'post products')).toBe(false);
    expect(matchesFilter('anything', '  ')).toBe(true);
  });
});
