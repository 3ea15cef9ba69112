// The badge the Service and Route pages show: how many open recommendations there are, linking to the filtered
// list. Kept free of the page's other modules so those pages' chunks stay small.
import { Link } from 'react-router';
import { useGet } from '../../api/use-query.js';
import { useLinkTo } from '../../state/use-url-params.js';

/** `1 open recommendation`, `3 open recommendations`. */
export function badgeText(count: number): string {
  return `${count} open recommendation${count === 1 ? '' : 's'}`;
}

/**
 * Open recommendations of `service`, or of one route of it (`METHOD /route`, as recommendations name routes).
 * Renders nothing while loading, on error (e.g. a metrics service without recommendations) and at zero.
 */
export function RecommendationsBadge({ service, route }: { service: string; route?: string }) {
  const linkTo = useLinkTo();
  const query = useGet('/api/v1/recommendations', { query: { service, status: 'open' } });
  const list = query.data?.recommendations ?? [];
  const count = route === undefined ? list.length : list.filter((r) => r.route === route).length;
  if (count === 0) return null;
  const high = (route === undefined ? list : list.filter((r) => r.route === route)).some(
    (r) => r.priorityLabel === 'high',
  );
  return (
    <Link
      to={linkTo('/recommendations', { service, status: 'open', ...(route !== undefined ? { route } : {}) })}
      className={`badge ${high ? 'badge--red' : 'badge--amber'} rec-count-badge`}
      title={high ? 'At least one is high priority' : undefined}
    >
      {badgeText(count)}
    </Link>
  );
}
