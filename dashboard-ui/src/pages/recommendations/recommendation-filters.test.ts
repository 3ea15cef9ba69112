import { describe, expect, it } from 'vitest';
import { withParams } from '../../state/url-state.js';
import {
  applyRouteFilter,
  filtersPatch,
  hasFilters,
  listQuery,
  NO_FILTERS,
  readFilters,
} from './recommendation-filters.js';

describe('recommendation filters in the URL', () => {
  it('reads service, status, kind and route', () => {
    const params = new URLSearchParams('service=shop&status=open&kind=slow-query&route=GET%20/cart&from=now-6h');
    expect(readFilters(params)).toEqual({ service: 'shop', status: 'open', kind: 'slow-query', route: 'GET /cart' });
  });

  it('drops an unknown status or kind instead of sending it to the API (which would answer 400)', () => {
    const params = new URLSearchParams('status=closed&kind=n%2B1&service=%20');
    expect(readFilters(params)).toEqual(NO_FILTERS);
  });

  it('round-trips through the URL patch, keeping the global keys and removing cleared filters', () => {
    const start = new URLSearchParams('from=now-6h&status=open&kind=regression');
    const next = withParams(start, filtersPatch({ service: 'pay ments', status: null }));
    expect(next.toString()).toBe('from=now-6h&kind=regression&service=pay+ments');
    expect(readFilters(next)).toEqual({ service: 'pay ments', status: null, kind: 'regression', route: null });
    expect(withParams(next, filtersPatch(NO_FILTERS)).toString()).toBe('from=now-6h');
  });

  it('sends only the set filters, and never the route, to GET /api/v1/recommendations', () => {
    expect(listQuery(NO_FILTERS)).toEqual({});
    expect(listQuery({ service: 'shop', status: null, kind: 'missing-index', route: 'GET /cart' })).toEqual({
      service: 'shop',
      kind: 'missing-index',
    });
  });

  it('filters rows by route here, since the API cannot', () => {
    const rows = [{ route: 'GET /cart' }, { route: 'POST /checkout' }, { route: null }];
    expect(applyRouteFilter(rows, NO_FILTERS)).toHaveLength(3);
    expect(applyRouteFilter(rows, { ...NO_FILTERS, route: 'GET /cart' })).toEqual([{ route: 'GET /cart' }]);
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, route: 'GET /cart' })).toBe(true);
  });
});
