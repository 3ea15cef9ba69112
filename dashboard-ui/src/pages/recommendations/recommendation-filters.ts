// The list's filters live in the URL (?service=shop&status=open&kind=slow-query&route=GET%20/cart) so a filtered
// list is a link: the Service and Route pages' badges point at one. service, status and kind go to the API;
// route is matched here because the API filters by service only.
import type { ParamPatch } from '../../state/url-state.js';
import {
  RECOMMENDATION_KINDS,
  RECOMMENDATION_STATUSES,
  type Recommendation,
  type RecommendationKind,
  type RecommendationStatus,
} from './recommendation-types.js';

export interface RecommendationFilters {
  service: string | null;
  status: RecommendationStatus | null;
  kind: RecommendationKind | null;
  /** `METHOD /route`, as recommendations name it. */
  route: string | null;
}

export const NO_FILTERS: RecommendationFilters = { service: null, status: null, kind: null, route: null };

const text = (value: string | null) => {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
};

/**
 * The filters of a URL. An unknown status or kind (a stale or hand-edited link) is dropped rather than sent: the
 * API would answer 400 and the page would show nothing.
 */
export function readFilters(params: URLSearchParams): RecommendationFilters {
  const status = text(params.get('status'));
  const kind = text(params.get('kind'));
  return {
    service: text(params.get('service')),
    status: RECOMMENDATION_STATUSES.find((s) => s === status) ?? null,
    kind: RECOMMENDATION_KINDS.find((k) => k === kind) ?? null,
    route: text(params.get('route')),
  };
}

/** The URL patch for `filters` (null removes a key). */
export function filtersPatch(filters: Partial<RecommendationFilters>): ParamPatch {
  const patch: ParamPatch = {};
  for (const [key, value] of Object.entries(filters)) patch[key] = value;
  return patch;
}

/** The query string of GET /api/v1/recommendations for `filters`. */
export function listQuery(filters: RecommendationFilters): {
  service?: string;
  status?: RecommendationStatus;
  kind?: RecommendationKind;
} {
  return {
    ...(filters.service !== null ? { service: filters.service } : {}),
    ...(filters.status !== null ? { status: filters.status } : {}),
    ...(filters.kind !== null ? { kind: filters.kind } : {}),
  };
}

/** The rows that pass the route filter (the API has no route parameter). */
export function applyRouteFilter<T extends Pick<Recommendation, 'route'>>(
  rows: readonly T[],
  filters: RecommendationFilters,
): T[] {
  return filters.route === null ? [...rows] : rows.filter((r) => r.route === filters.route);
}

export function hasFilters(filters: RecommendationFilters): boolean {
  return Object.values(filters).some((v) => v !== null);
}
