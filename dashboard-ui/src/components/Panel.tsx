import { type ReactNode, useId } from 'react';
import type { QueryState } from '../api/use-query.js';

export interface PanelProps<T> {
  title: ReactNode;
  /** One line under the title: what the panel measures, its unit. */
  subtitle?: ReactNode;
  actions?: ReactNode;
  /** Loading, error and empty states come from the query; children render only with data. */
  query?: QueryState<T>;
  isEmpty?: (data: T) => boolean;
  emptyText?: ReactNode;
  /** Height of the body while loading/empty/error, so the layout does not jump. */
  minBodyHeight?: number;
  className?: string;
  children: ReactNode | ((data: T) => ReactNode);
}

/** The frame of every dashboard panel, with consistent loading, empty and error states. */
export function Panel<T>({
  title,
  subtitle,
  actions,
  query,
  isEmpty,
  emptyText = 'No data in this time range',
  minBodyHeight = 120,
  className,
  children,
}: PanelProps<T>) {
  const headingId = useId();
  let body: ReactNode;
  if (query === undefined) {
    body = typeof children === 'function' ? null : children;
  } else if (query.error !== undefined) {
    body = (
      <div className="panel-state panel-state--error" role="alert" style={{ minHeight: minBodyHeight }}>
        <strong>Could not load this panel</strong>
        <span>{query.error.message}</span>
      </div>
    );
  } else if (query.data === undefined) {
    body = (
      <div className="panel-state" style={{ minHeight: minBodyHeight }} aria-busy="true">
        <div className="skeleton" />
        <span className="visually-hidden">Loading</span>
      </div>
    );
  } else if (isEmpty?.(query.data)) {
    body = (
      <div className="panel-state panel-state--empty" style={{ minHeight: minBodyHeight }}>
        {emptyText}
      </div>
    );
  } else {
    body = typeof children === 'function' ? children(query.data) : children;
  }
  const refreshing = query?.loading === true && query.data !== undefined;
  return (
    <section className={`panel${className ? ` ${className}` : ''}`} aria-labelledby={headingId}>
      <header className="panel-header">
        <div className="panel-titles">
          <h2 id={headingId} className="panel-title">
            {title}
          </h2>
          {subtitle !== undefined && <p className="panel-subtitle">{subtitle}</p>}
        </div>
        <div className="panel-actions">
          {refreshing && <span className="spinner" role="status" aria-label="Refreshing" />}
          {actions}
        </div>
      </header>
      <div className="panel-body">{body}</div>
    </section>
  );
}
