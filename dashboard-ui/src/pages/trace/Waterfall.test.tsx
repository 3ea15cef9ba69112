import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Waterfall } from './Waterfall.js';
import { layoutWaterfall, type WaterfallSpan } from './waterfall-layout.js';

const T0 = 1_763_812_800_000;
const span = (
  spanId: string,
  parentSpanId: string | null,
  at: number,
  durationMs: number,
  extra: Partial<WaterfallSpan> = {},
): WaterfallSpan => ({
  spanId,
  parentSpanId,
  service: 'shop',
  name: spanId,
  kind: 'client',
  startTime: T0 + at,
  durationMs,
  status: 'unset',
  statusMessage: null,
  attributes: {},
  ...extra,
});
const spans = [
  span('root', null, 0, 100, { name: 'GET /cart', kind: 'server' }),
  ...[0, 1, 2, 3].map((i) =>
    span(`q${i}`, 'root', 5 + i * 10, 8, { name: 'SELECT products', attributes: { 'stride.db.fingerprint': 'f1' } }),
  ),
  span('pay', 'root', 60, 30, { service: 'payments', name: 'POST /charges', status: 'error' }),
];

describe('Waterfall', () => {
  afterEach(cleanup);

  it('shows repeated statements as one group that expands, and selects spans', () => {
    const onToggleGroup = vi.fn();
    const onSelect = vi.fn();
    const { rerender } = render(
      <Waterfall
        layout={layoutWaterfall(spans)}
        selectedSpanId={null}
        onSelect={onSelect}
        onToggleGroup={onToggleGroup}
      />,
    );
    const group = screen.getByRole('button', { name: /× 4 SELECT products, sequential, collapsed/ });
    expect(group.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('button', { name: /^SELECT products,/ })).toBeNull();
    fireEvent.click(group);
    expect(onToggleGroup).toHaveBeenCalledWith('group:q0');

    rerender(
      <Waterfall
        layout={layoutWaterfall(spans, { expanded: new Set(['group:q0']) })}
        selectedSpanId="pay"
        onSelect={onSelect}
        onToggleGroup={onToggleGroup}
      />,
    );
    expect(screen.getAllByRole('button', { name: /^SELECT products, shop, 8 ms$/ })).toHaveLength(4);
    const pay = screen.getByRole('button', { name: 'POST /charges, payments, 30 ms, failed' });
    expect(pay.getAttribute('aria-pressed')).toBe('true');
    expect(pay.tabIndex).toBe(0);
    fireEvent.click(screen.getByRole('button', { name: 'GET /cart, shop, 100 ms' }));
    expect(onSelect).toHaveBeenCalledWith('root');
  });

  it('moves between rows with the arrow keys', () => {
    render(
      <Waterfall layout={layoutWaterfall(spans)} selectedSpanId={null} onSelect={() => {}} onToggleGroup={() => {}} />,
    );
    const rows = screen.getAllByRole('button');
    rows[0]!.focus();
    fireEvent.keyDown(rows[0]!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(rows[1]);
    fireEvent.keyDown(rows[1]!, { key: 'End' });
    expect(document.activeElement).toBe(rows[rows.length - 1]);
  });
});
