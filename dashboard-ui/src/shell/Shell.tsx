import { Suspense, useEffect } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigationType } from 'react-router';
import { useSession } from '../auth/session-context.js';
import { hasRole } from '../auth/session-store.js';
import { ErrorBoundary } from '../components/ErrorBoundary.js';
import { PAGES } from '../pages/registry.js';
import { TimeProvider } from '../state/time-context.js';
import { useLinkTo } from '../state/use-url-params.js';
import { Icon } from './icons.js';
import { RefreshControl } from './RefreshControl.js';
import { ThemeToggle } from './ThemeToggle.js';
import { GlobalTimeRangePicker } from './TimeRangePicker.js';

/** The nav path of a page: its path up to the first parameter (`/dashboards/:id?` → `/dashboards`). */
const navPath = (path: string) => path.replace(/\/:.*$/, '') || '/';

function SideNav() {
  const { session, signOut } = useSession();
  const linkTo = useLinkTo();
  const pages = PAGES.filter(
    (p) => p.nav !== undefined && (p.minRole === undefined || hasRole(session?.role, p.minRole)),
  );
  return (
    // The aside spans the page's full height with the background; the inner column sticks to the viewport.
    <aside className="sidebar">
      <div className="sidebar-inner">
        <Link to={linkTo('/')} className="brand" aria-label="Stride home">
          <svg width="26" height="26" viewBox="0 0 26 26" aria-hidden="true" className="brand-mark">
            <rect width="26" height="26" rx="7" />
            <path d="M6 17l4.5-5 3.5 3 6-7.5" />
          </svg>
          <span className="brand-name">Stride</span>
        </Link>
        <nav aria-label="Main" className="side-nav">
          <ul>
            {pages.map((page) => (
              <li key={page.id}>
                <NavLink
                  to={linkTo(navPath(page.path))}
                  end={page.path === '/'}
                  className="nav-link"
                  onPointerEnter={() => void page.load()}
                  onFocus={() => void page.load()}
                >
                  {page.nav && <Icon name={page.nav.icon} />}
                  <span className="nav-label">{page.nav?.label}</span>
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        {session && (
          <div className="sidebar-footer">
            <div className="user" title={`${session.name} (${session.role})`}>
              <span className="user-avatar" aria-hidden="true">
                {session.name.slice(0, 1).toUpperCase()}
              </span>
              <span className="user-text">
                <span className="user-name">{session.name}</span>
                <span className="user-role">{session.role}</span>
              </span>
            </div>
            <button type="button" className="nav-link sign-out" onClick={() => signOut()}>
              <Icon name="signOut" />
              <span className="nav-label">Sign out</span>
            </button>
          </div>
        )}
      </div>
    </aside>
  );
}

function PageFallback() {
  return (
    <div className="page-loading" aria-busy="true">
      <div className="skeleton skeleton--title" />
      <div className="skeleton skeleton--block" />
      <span className="visually-hidden">Loading page</span>
    </div>
  );
}

/**
 * A link to another page opens it at its top: the window keeps its scroll offset across client-side navigations, so
 * a route picked far down the service page would open mid-page. Query changes (sorting, filters) keep the offset,
 * and back/forward (POP) is left to the browser.
 */
function useScrollToTopOnNewPage(pathname: string) {
  const navigationType = useNavigationType();
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new pathname scrolls; the type is read, not watched.
  useEffect(() => {
    const scroller = document.scrollingElement;
    if (navigationType !== 'POP' && scroller) scroller.scrollTop = 0;
  }, [pathname]);
}

/** The app frame: left nav, the toolbar with the global time range, and the current page. */
export function Shell() {
  const location = useLocation();
  useScrollToTopOnNewPage(location.pathname);
  return (
    <TimeProvider>
      <a href="#content" className="skip-link">
        Skip to content
      </a>
      <div className="app">
        <SideNav />
        <div className="main">
          <header className="topbar">
            <div className="topbar-spacer" />
            <div className="toolbar">
              <GlobalTimeRangePicker />
              <RefreshControl />
              <ThemeToggle />
            </div>
          </header>
          <main id="content" className="content" tabIndex={-1}>
            <ErrorBoundary resetKey={location.pathname}>
              <Suspense fallback={<PageFallback />}>
                <Outlet />
              </Suspense>
            </ErrorBoundary>
          </main>
        </div>
      </div>
    </TimeProvider>
  );
}
