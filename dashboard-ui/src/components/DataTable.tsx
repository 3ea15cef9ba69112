import type { KeyboardEvent, ReactNode } from 'react';
import { sortRows } from '../lib/sort-rows.js';
import type { SortDirection, SortState } from '../state/url-state.js';
import { TableScroll } from './TableScroll.js';

type Cell = string | number | boolean | null | undefined;

export interface Column<T, K extends string> {
  key: K;
  label: string;
  /** Numbers align right so digits line up. */
  numeric?: boolean;
  /** Direction a first click sorts in; numbers start with the largest. */
  initialDir?: SortDirection;
  sortable?: boolean;
  value: (row: T) => Cell;
  render?: (row: T) => ReactNode;
  className?: string;
}

export interface DataTableProps<T, K extends string> {
  /** Read by screen readers; also names the table for tests. */
  caption: string;
  rows: readonly T[];
  columns: readonly Column<T, K>[];
  rowKey: (row: T) => string;
  /** Without a sort the rows keep their order and headers are plain. */
  sort?: SortState<K>;
  onSort?: (key: K) => void;
  rowClassName?: (row: T) => string | undefined;
  emptyText?: string;
}

const FOCUSABLE = 'a[href], button:not([disabled]), input, select';

/** ArrowUp/ArrowDown (and Home/End) move between rows, to the row's first link or control. */
function onRowKeys(event: KeyboardEvent<HTMLTableSectionElement>) {
  const keys = ['ArrowDown', 'ArrowUp', 'Home', 'End'];
  if (!keys.includes(event.key)) return;
  const row = (event.target as HTMLElement).closest('tr');
  const body = event.currentTarget;
  if (row === null) return;
  const rows = [...body.rows];
  const index = rows.indexOf(row);
  const target =
    event.key === 'ArrowDown'
      ? rows[index + 1]
      : event.key === 'ArrowUp'
        ? rows[index - 1]
        : event.key === 'Home'
          ? rows[0]
          : rows[rows.length - 1];
  if (target === undefined) return;
  event.preventDefault();
  const focusable = target.querySelector<HTMLElement>(FOCUSABLE) ?? target;
  focusable.focus();
}

export function DataTable<T, K extends string>({
  caption,
  rows,
  columns,
  rowKey,
  sort,
  onSort,
  rowClassName,
  emptyText = 'Nothing matches',
}: DataTableProps<T, K>) {
  const column = sort ? columns.find((c) => c.key === sort.key) : undefined;
  const sorted = sort && column ? sortRows(rows, sort, (row) => column.value(row)) : rows;
  return (
    <TableScroll label={caption}>
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => {
              const active = sort?.key === c.key;
              const ariaSort = active ? (sort?.dir === 'asc' ? 'ascending' : 'descending') : undefined;
              const canSort = onSort !== undefined && c.sortable !== false;
              return (
                <th
                  key={c.key}
                  scope="col"
                  aria-sort={ariaSort}
                  className={`${c.numeric ? 'num' : ''} ${c.className ?? ''}`.trim() || undefined}
                >
                  {canSort ? (
                    <button type="button" className="sort-button" onClick={() => onSort(c.key)}>
                      {c.label}
                      <span className={`sort-icon${active ? ` sort-icon--${sort?.dir}` : ''}`} aria-hidden="true" />
                    </button>
                  ) : (
                    c.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody onKeyDown={onRowKeys}>
          {sorted.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="table-empty">
                {emptyText}
              </td>
            </tr>
          ) : (
            sorted.map((row) => (
              <tr key={rowKey(row)} className={rowClassName?.(row)} tabIndex={-1}>
                {columns.map((c) => (
                  <td key={c.key} className={`${c.numeric ? 'num' : ''} ${c.className ?? ''}`.trim() || undefined}>
                    {c.render ? c.render(row) : String(c.value(row) ?? '–')}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </TableScroll>
  );
}
