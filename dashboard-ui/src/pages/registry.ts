// The dashboard's pages. Adding a page is one entry here: the shell builds the routes and the left nav from this
// list, and each page's module is loaded on first visit (its own chunk).
import type { ComponentType } from 'react';
import type { Role } from '../api/types.js';
import type { IconName } from '../shell/icons.js';

export interface PageDefinition {
  id: string;
  /** A react-router path; `:name` parameters, `*` splat, `:name?` optional. */
  path: string;
  /** Pages with a nav entry are listed in the left nav in this order; drill-down pages have none. */
  nav?: { label: string; icon: IconName };
  /** Hidden (nav and route) for roles below this. */
  minRole?: Role;
  load: () => Promise<{ default: ComponentType }>;
}

export const PAGES: readonly PageDefinition[] = [
  {
    id: 'overview',
    path: '/',
    nav: { label: 'Overview', icon: 'overview' },
    load: () => import('./overview/OverviewPage.js'),
  },
  { id: 'service', path: '/services/:service', load: () => import('./service/ServicePage.js') },
  { id: 'route', path: '/services/:service/routes/:method/*', load: () => import('./route/RoutePage.js') },
  { id: 'trace', path: '/traces/:traceId', load: () => import('./trace/TracePage.js') },
  {
    id: 'recommendations',
    path: '/recommendations/:id?',
    nav: { label: 'Recommendations', icon: 'recommendations' },
    load: () => import('./recommendations/RecommendationsPage.js'),
  },
  {
    id: 'database',
    path: '/database',
    nav: { label: 'Database', icon: 'database' },
    load: () => import('./database/DatabasePage.js'),
  },
  {
    id: 'benchmarks',
    path: '/benchmarks',
    nav: { label: 'Benchmarks', icon: 'benchmarks' },
    load: () => import('./benchmarks/BenchmarksPage.js'),
  },
  {
    id: 'dashboards',
    path: '/dashboards/:id?',
    nav: { label: 'Dashboards', icon: 'dashboards' },
    load: () => import('./dashboards/DashboardsPage.js'),
  },
];
