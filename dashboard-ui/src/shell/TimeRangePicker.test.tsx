import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TimeRangePicker } from './TimeRangePicker.js';

const NOW = new Date(2025, 10, 22, 12, 0).getTime();

function setup(onChange = vi.fn()) {
  render(
    <TimeRangePicker
      range={{ from: 'now-1h', to: 'now' }}
      fromMs={NOW - 3_600_000}
      toMs={NOW}
      nowMs={NOW}
      onChange={onChange}
    />,
  );
  return onChange;
}

describe('TimeRangePicker', () => {
  afterEach(cleanup);

  it('is a button named "Time range" that shows the current range', () => {
    setup();
    const button = screen.getByRole('button', { name: 'Time range' });
    expect(button.textContent).toBe('Last 1 hour');
    expect(button.getAttribute('aria-expanded')).toBe('false');
  });

  it('picks a preset and closes', () => {
    const onChange = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Time range' }));
    expect(screen.getByRole('button', { name: 'Last 1 hour' }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Last 7 days' }));
    expect(onChange).toHaveBeenCalledWith({ from: 'now-7d', to: 'now' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('applies a custom range as unix ms, starting from the current window', () => {
    const onChange = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Time range' }));
    expect((screen.getByLabelText('From') as HTMLInputElement).value).toBe('2025-11-22T11:00');
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2025-11-22T09:30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply range' }));
    expect(onChange).toHaveBeenCalledWith({ from: String(new Date(2025, 10, 22, 9, 30).getTime()), to: String(NOW) });
  });

  it('refuses a custom range that ends before it starts', () => {
    const onChange = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Time range' }));
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2025-11-22T13:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply range' }));
    expect(screen.getByRole('alert').textContent).toBe('From must be before To');
    expect(onChange).not.toHaveBeenCalled();
  });

  it('closes on Escape', () => {
    setup();
    fireEvent.click(screen.getByRole('button', { name: 'Time range' }));
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
