import type { ReactNode } from 'react';

export interface BarListItem {
  key: string;
  label: ReactNode;
  /** Full text for the tooltip when the label is cut. */
  title?: string;
  value: number;
  valueText: string;
}

/**
 * A ranked list with proportional bars, for categories whose labels are too long for a chart axis (SQL statements
 * share their first 40 characters more often than not).
 */
export function BarList({ items, label }: { items: readonly BarListItem[]; label: string }) {
  const max = Math.max(0, ...items.map((i) => i.value));
  return (
    <ol className="bar-list" aria-label={label}>
      {items.map((item) => (
        <li key={item.key} className="bar-list-item" title={item.title}>
          <div className="bar-list-text">
            <span className="bar-list-label">{item.label}</span>
            <span className="bar-list-value">{item.valueText}</span>
          </div>
          <div className="bar-list-track" aria-hidden="true">
            <div className="bar-list-bar" style={{ width: `${max > 0 ? (item.value / max) * 100 : 0}%` }} />
          </div>
        </li>
      ))}
    </ol>
  );
}
