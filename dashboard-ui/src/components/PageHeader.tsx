import { type ReactNode, useEffect } from 'react';
import { Link } from 'react-router';

export interface Crumb {
  label: string;
  to: string;
}

/** The page's h1 (its accessible name for tests and screen readers), breadcrumbs, and the document title. */
export function PageHeader({
  title,
  crumbs = [],
  meta,
  actions,
}: {
  title: string;
  crumbs?: Crumb[];
  meta?: ReactNode;
  actions?: ReactNode;
}) {
  useEffect(() => {
    document.title = `${title} · Stride`;
  }, [title]);
  return (
    <header className="page-header">
      <div>
        {crumbs.length > 0 && (
          <nav aria-label="Breadcrumb" className="breadcrumbs">
            <ol>
              {crumbs.map((c) => (
                <li key={c.to}>
                  <Link to={c.to}>{c.label}</Link>
                </li>
              ))}
            </ol>
          </nav>
        )}
        <h1 className="page-title">{title}</h1>
        {meta !== undefined && <div className="page-meta">{meta}</div>}
      </div>
      {actions !== undefined && <div className="page-actions">{actions}</div>}
    </header>
  );
}
