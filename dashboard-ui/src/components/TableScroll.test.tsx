import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { scrollEdges, TableScroll } from './TableScroll.js';

/** jsdom does no layout: give the scroller the sizes a browser would measure. */
function setBox(box: HTMLElement, size: { scrollLeft: number; scrollWidth: number; clientWidth: number }) {
  for (const [key, value] of Object.entries(size)) {
    Object.defineProperty(box, key, { value, configurable: true, writable: true });
  }
}

describe('TableScroll', () => {
  afterEach(cleanup);

  it('knows which sides hide content', () => {
    expect(scrollEdges({ scrollLeft: 0, scrollWidth: 536, clientWidth: 464 })).toEqual({ left: false, right: true });
    expect(scrollEdges({ scrollLeft: 72, scrollWidth: 536, clientWidth: 464 })).toEqual({ left: true, right: false });
    expect(scrollEdges({ scrollLeft: 30, scrollWidth: 536, clientWidth: 464 })).toEqual({ left: true, right: true });
    // Sub-pixel rounding is no overflow.
    expect(scrollEdges({ scrollLeft: 0, scrollWidth: 465, clientWidth: 464 })).toEqual({ left: false, right: false });
  });

  it('shades the hidden side and becomes a focusable region only while the table overflows', () => {
    const { container } = render(
      <TableScroll label="Routes">
        <table>
          <tbody>
            <tr>
              <td>wide</td>
            </tr>
          </tbody>
        </table>
      </TableScroll>,
    );
    const frame = container.querySelector('.table-frame')!;
    const box = container.querySelector<HTMLElement>('.table-scroll')!;
    expect(frame.className).toBe('table-frame');
    expect(box.getAttribute('tabindex')).toBeNull();

    setBox(box, { scrollLeft: 0, scrollWidth: 536, clientWidth: 464 });
    act(() => {
      fireEvent.scroll(box);
    });
    expect(frame.className).toBe('table-frame table-frame--more-right');
    expect(screen.getByRole('region', { name: 'Routes (scrolls sideways)' })).toBe(box);
    expect(box.tabIndex).toBe(0);

    setBox(box, { scrollLeft: 72, scrollWidth: 536, clientWidth: 464 });
    act(() => {
      fireEvent.scroll(box);
    });
    expect(frame.className).toBe('table-frame table-frame--more-left');

    setBox(box, { scrollLeft: 0, scrollWidth: 464, clientWidth: 464 });
    act(() => {
      fireEvent.scroll(box);
    });
    expect(frame.className).toBe('table-frame');
    expect(screen.queryByRole('region')).toBeNull();
  });
});
