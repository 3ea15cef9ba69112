import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import { Link, Route, Routes } from 'react-router';
import { SignInPage } from './auth/SignInPage.js';
import { useSession } from './auth/session-context.js';
import { hasRole } from './auth/session-store.js';
import { PAGES } from './pages/registry.js';
import { Shell } from './shell/Shell.js';

// One lazy component per page, made once: each becomes its own chunk, fetched on first visit.
const LAZY_PAGES: ReadonlyMap<string, LazyExoticComponent<ComponentType>> = new Map(
  PAGES.map((page) => [page.id, lazy(page.load)]),
);

function NotFound() {
  return (
    <div className="page-error">
      <h1 className="page-title">Page not found</h1>
      <p>
        Nothing lives at this address. <Link to="/">Go to the overview</Link>
      </p>
    </div>
  );
}

export function App() {
  const { session } = useSession();
  if (session === null) return <SignInPage />;
  const pages = PAGES.filter((p) => p.minRole === undefined || hasRole(session.role, p.minRole));
  return (
    <Routes>
      <Route element={<Shell />}>
        {pages.map((page) => {
          const Page = LAZY_PAGES.get(page.id)!;
          return <Route key={page.id} path={page.path} element={<Page />} />;
        })}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
