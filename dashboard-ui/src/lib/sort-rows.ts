import type { SortState } from '../state/url-state.js';

type Cell = string | number | boolean | null | undefined;

/** Compares two cells with missing values last in either direction, so "no data" never tops a ranking. */
export function compareCells(a: Cell, b: Cell, dir: 'asc' | 'desc'): number {
  const aMissing = a === null || a === undefined || (typeof a === 'number' && Number.isNaN(a));
  const bMissing = b === null || b === undefined || (typeof b === 'number' && Number.isNaN(b));
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  const order =
    typeof a === 'number' && typeof b === 'number'
      ? a - b
      : String(a).localeCompare(String(b), 'en', { numeric: true });
  return dir === 'asc' ? order : -order;
}

/** A sorted copy; ties keep their input order (Array.prototype.sort is stable). */
export function sortRows<T, K extends string>(
  rows: readonly T[],
  sort: SortState<K>,
  value: (row: T, key: K) => Cell,
): T[] {
  return [...rows].sort((x, y) => compareCells(value(x, sort.key), value(y, sort.key), sort.dir));
}

/** Case-insensitive match of every whitespace-separated term against the row's text. */
export function matchesFilter(text: string, filter: string): boolean {
  const haystack = text.toLowerCase();
  return filter
    .toLowerCase()
    .split(/\s+/)
    .filter((t) => t !== '')
    .every((term) => haystack.includes(term));
}
