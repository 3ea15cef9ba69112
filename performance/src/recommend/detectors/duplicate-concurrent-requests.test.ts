import { describe, expect, it } from 'vitest';
import { analysisInput, request, routeSummary, T0 } from '../testing/trace-builder.js';
import { duplicateConcurrentRequests } from './duplicate-concurrent-requests.js';

const PRICE = 'select price from prices where sku = $1';

describe('duplicate-concurrent-requests', () => {
  it('finds identical reads overlapping within a request and across concurrent requests', () => {
    // Three concurrent requests each ask for the same price twice at once (a component tree without a loader).
    const traces = [0, 3, 6].map((offset) => {
      const t = request({ route: '/products/:id', startMs: T0 + offset, durationMs: 40 });
      t.db(PRICE, { at: 1, ms: 10, paramsHash: 'sku-42' });
      t.db(PRICE, { at: 2, ms: 10, paramsHash: 'sku-42' });
      return t.spans();
    });
    const input = analysisInput({ traces, routes: [routeSummary('GET /products/:id', 1)] });
    const [f, ...rest] = duplicateConcurrentRequests.detect(input, duplicateConcurrentRequests.defaults);
    expect(rest).toEqual([]);
    // Calls start at 1, 2, 4, 5, 7 and 8 ms and last 10 ms: all start before the first ends (11 ms), so every call
    // but the first is a duplicate; only the one at 2 ms shares the leader's request.
    expect(f!.evidence).toMatchObject({
      duplicates: 5,
      withinSameRequest: 1,
      acrossRequests: 4,
      duplicateShare: 0.833,
    });
    expect(f!.impact.msSavedPerRequest).toBeCloseTo(50 / 3, 2);
    expect(f!.fix.code).toContain('inFlight');
    expect(f!.fix.code).toContain(`pool.query(\`${PRICE}\`, [p1])`);
  });

  it('does not flag sequential repeats, different parameters, or writes', () => {
    const t = request({ route: '/x', startMs: T0, durationMs: 200 });
    for (let i = 0; i < 5; i++) t.db(PRICE, { at: i * 20, ms: 10, paramsHash: 'sku-42' }); // one after another
    for (let i = 0; i < 5; i++) t.db(PRICE, { at: 100, ms: 10, paramsHash: `sku-${i}` }); // concurrent, distinct
    for (let i = 0; i < 5; i++)
      t.db('update carts set qty = $1 where id = $2', { at: 150, ms: 10, paramsHash: 'same' });
    expect(
      duplicateConcurrentRequests.detect(analysisInput({ traces: [t.spans()] }), duplicateConcurrentRequests.defaults),
    ).toEqual([]);
  });

  it('matches HTTP calls on the target hash', () => {
    const t = request({ route: '/home', startMs: T0, durationMs: 50 });
    for (let i = 0; i < 4; i++) t.http('GET', 'cms.internal', '/pages/{id}', { at: i, ms: 20, targetHash: 'home' });
    const [f] = duplicateConcurrentRequests.detect(
      analysisInput({ traces: [t.spans()] }),
      duplicateConcurrentRequests.defaults,
    );
    expect(f!.evidence).toMatchObject({ duplicates: 3, withinSameRequest: 3, meanCallTimeAvoidedMs: 60 });
  });
});
