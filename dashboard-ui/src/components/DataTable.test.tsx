import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DataTable } from './DataTable.js';
import { Panel } from './Panel.js';

const rows = [
  { route: '/a', p95Ms: 30 },
  { route: '/b', p95Ms: 10 },
  { route: '/c', p95Ms: null },
];
type Key = 'route' | 'p95Ms';
const columns = [
  {
    key: 'route' as const,
    label: 'Route',
    value: (r: (typeof rows)[number]) => r.route,
    render: (r: (typeof rows)[number]) => <a href={`#${r.route}`}>{r.route}</a>,
  },
  { key: 'p95Ms' as const, label: 'p95', numeric: true, value: (r: (typeof rows)[number]) => r.p95Ms },
];

describe('DataTable', () => {
  afterEach(cleanup);

  it('sorts by the given state with missing values last, and marks the sorted header', () => {
    render(
      <DataTable<(typeof rows)[number], Key>
        caption="Routes"
        rows={rows}
        columns={columns}
        rowKey={(r) => r.route}
        sort={{ key: 'p95Ms', dir: 'asc' }}
        onSort={() => {}}
      />,
    );
    const table = screen.getByRole('table', { name: 'Routes' });
    const cells = within(table)
      .getAllByRole('link')
      .map((a) => a.textContent);
    expect(cells).toEqual(['/b', '/a', '/c']);
    expect(screen.getByRole('columnheader', { name: 'p95' }).getAttribute('aria-sort')).toBe('ascending');
    expect(screen.getByRole('columnheader', { name: 'Route' }).getAttribute('aria-sort')).toBeNull();
  });

  it('makes sortable headers buttons that report their column', () => {
    const onSort = vi.fn();
    render(
      <DataTable<(typeof rows)[number], Key>
        caption="Routes"
        rows={rows}
        columns={columns}
        rowKey={(r) => r.route}
        sort={{ key: 'p95Ms', dir: 'desc' }}
        onSort={onSort}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Route' }));
    expect(onSort).toHaveBeenCalledWith('route');
  });

  it('moves focus between rows with the arrow keys', () => {
    render(
      <DataTable<(typeof rows)[number], Key> caption="Routes" rows={rows} columns={columns} rowKey={(r) => r.route} />,
    );
    const [first, second, third] = screen.getAllByRole('link');
    first!.focus();
    fireEvent.keyDown(first!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(second);
    fireEvent.keyDown(second!, { key: 'End' });
    expect(document.activeElement).toBe(third);
    fireEvent.keyDown(third!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(second);
  });
});

describe('Panel', () => {
  afterEach(cleanup);
  const child = (d: number[]) => <p>{d.length} items</p>;

  it('shows loading, error, empty and data states', () => {
    const { rerender } = render(
      <Panel<number[]> title="Things" query={{ data: undefined, error: undefined, loading: true }}>
        {child}
      </Panel>,
    );
    expect(screen.getByRole('region', { name: 'Things' })).toBeTruthy();
    expect(screen.getByText('Loading').parentElement?.getAttribute('aria-busy')).toBe('true');

    rerender(
      <Panel<number[]>
        title="Things"
        query={{ data: undefined, error: new Error('from: expected unix ms'), loading: false }}
      >
        {child}
      </Panel>,
    );
    expect(screen.getByRole('alert').textContent).toContain('from: expected unix ms');

    rerender(
      <Panel<number[]>
        title="Things"
        query={{ data: [], error: undefined, loading: false }}
        isEmpty={(d) => d.length === 0}
      >
        {child}
      </Panel>,
    );
    expect(screen.getByText('No data in this time range')).toBeTruthy();

    rerender(
      <Panel<number[]>
        title="Things"
        query={{ data: [1, 2], error: undefined, loading: true }}
        isEmpty={(d) => d.length === 0}
      >
        {child}
      </Panel>,
    );
    expect(screen.getByText('2 items')).toBeTruthy();
    expect(screen.getByRole('status', { name: 'Refreshing' })).toBeTruthy();
  });
});
