import { type ReactNode, useLayoutEffect, useRef, useState } from 'react';

export interface ScrollEdges {
  /** Content hidden to the left (scrolled away). */
  left: boolean;
  /** Content hidden to the right: the table is wider than its panel. */
  right: boolean;
}

/** Which sides of a horizontally scrolling box hide content; a pixel of slack absorbs sub-pixel widths. */
export function scrollEdges(box: { scrollLeft: number; scrollWidth: number; clientWidth: number }): ScrollEdges {
  return {
    left: box.scrollLeft > 1,
    right: box.scrollLeft + box.clientWidth < box.scrollWidth - 1,
  };
}

/**
 * A table's horizontal scroller. Overlay scrollbars (macOS, touch, headless screenshots) are invisible until used,
 * so a wide table looked cut off: a shade on each side that hides columns says there is more. While the table
 * overflows the scroller is a focusable, labelled region, so keyboard users can scroll it with the arrow keys.
 */
export function TableScroll({
  label,
  className,
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [edges, setEdges] = useState<ScrollEdges>({ left: false, right: false });
  useLayoutEffect(() => {
    const box = ref.current;
    if (box === null) return;
    const update = () => {
      const next = scrollEdges(box);
      setEdges((prev) => (prev.left === next.left && prev.right === next.right ? prev : next));
    };
    update();
    box.addEventListener('scroll', update, { passive: true });
    // The table grows with its rows and the box with the window; jsdom has no ResizeObserver.
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(update);
    observer?.observe(box);
    if (box.firstElementChild) observer?.observe(box.firstElementChild);
    return () => {
      box.removeEventListener('scroll', update);
      observer?.disconnect();
    };
  }, []);
  const overflowing = edges.left || edges.right;
  return (
    <div
      className={`table-frame${edges.left ? ' table-frame--more-left' : ''}${edges.right ? ' table-frame--more-right' : ''}${className ? ` ${className}` : ''}`}
    >
      <div
        ref={ref}
        className="table-scroll"
        {...(overflowing ? { tabIndex: 0, role: 'region', 'aria-label': `${label} (scrolls sideways)` } : {})}
      >
        {children}
      </div>
    </div>
  );
}
