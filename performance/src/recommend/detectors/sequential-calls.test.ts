import { describe, expect, it } from 'vitest';
import { analysisInput, request, routeSummary, T0 } from '../testing/trace-builder.js';
import { sequentialCalls } from './sequential-calls.js';

const PRODUCT = 'select * from products where id = $1';
const REVIEWS = 'select * from reviews where product_id = $1 order by created_at desc limit $2';
const RECS = 'select * from products where category_id = $1 limit $2';

/** `GET /products/:id`: product 10 ms, reviews 20 ms, stock 15 ms, then recommendations (needs the product) 5 ms. */
function productPage(startMs: number, mode: 'sequential' | 'parallel') {
  const t = request({ route: '/products/:id', startMs, durationMs: 60 });
  if (mode === 'sequential') {
    const product = t.db(PRODUCT, { at: 0, ms: 10 });
    t.db(REVIEWS, { at: 11, ms: 20, rows: 10 });
    t.http('GET', 'inventory.internal', '/stock/{id}', { at: 32, ms: 15 });
    t.db(RECS, { at: 48, ms: 5, rows: 4, dependsOn: [product] });
  } else {
    const product = t.db(PRODUCT, { at: 0, ms: 10 });
    t.db(REVIEWS, { at: 0.2, ms: 20, rows: 10 });
    t.http('GET', 'inventory.internal', '/stock/{id}', { at: 0.3, ms: 15 });
    t.db(RECS, { at: 10.5, ms: 5, rows: 4, dependsOn: [product] });
  }
  return t.spans();
}

describe('sequential-calls', () => {
  const detect = (traces: ReturnType<typeof productPage>[], extra = {}) =>
    sequentialCalls.detect(analysisInput({ traces, ...extra }), sequentialCalls.defaults);

  it('computes the critical path from depends_on and proposes Promise.all with the real calls', () => {
    const traces = [productPage(T0, 'sequential'), productPage(T0 + 100, 'sequential')];
    const [f, ...rest] = detect(traces, { routes: [routeSummary('GET /products/:id', 5)] });
    expect(rest).toEqual([]);
    // Observed 10 + 20 + 15 + 5 = 50 ms; critical path max(10 + 5, 20, 15) = 20 ms.
    expect(f!.evidence).toMatchObject({
      meanObservedMs: 50,
      meanCriticalPathMs: 20,
      meanSavedMs: 30,
      affectedRequests: 2,
    });
    expect(f!.evidence['calls']).toEqual([
      { label: 'SELECT products', durationMs: 10, dependsOn: null },
      { label: 'SELECT reviews', durationMs: 20, dependsOn: null },
      { label: 'GET inventory.internal/stock/{id}', durationMs: 15, dependsOn: null },
      { label: 'SELECT products', durationMs: 5, dependsOn: 'SELECT products' },
    ]);
    expect(f!.impact).toEqual({ msSavedPerRequest: 30, msSavedPerMinute: 9_000 });
    expect(f!.fix.code).toContain('await Promise.all([');
    expect(f!.fix.code).toContain(`pool.query(\`${REVIEWS}\`, [p1, p2])`);
    expect(f!.fix.code).toContain(`fetch(\`http://inventory.internal/stock/\${id}\`)`);
    expect(f!.fix.code).toContain(
      'productsPromise.then((products) => pool.query(`select * from products where category_id',
    );
  });

  it('does not flag calls that already run in parallel', () => {
    expect(detect([productPage(T0, 'parallel')])).toEqual([]);
  });

  it('does not flag a chain where each call uses the previous result', () => {
    const t = request({ route: '/checkout', startMs: T0, durationMs: 60 });
    const cart = t.db('select * from carts where id = $1', { at: 0, ms: 10 });
    const user = t.db('select * from users where id = $1', { at: 11, ms: 10, dependsOn: [cart] });
    t.http('GET', 'tax.internal', '/rates/{id}', { at: 22, ms: 10, dependsOn: [user] });
    expect(detect([t.spans()])).toEqual([]);
  });

  it('treats writes and transactions as barriers', () => {
    const t = request({ route: '/orders', method: 'POST', startMs: T0, durationMs: 80 });
    t.db('select * from carts where id = $1', { at: 0, ms: 10 });
    t.db('insert into orders (user_id) values ($1)', { at: 11, ms: 10 });
    t.db('select * from users where id = $1', { at: 22, ms: 10 });
    t.db('begin', { at: 33, ms: 1 });
    t.db('select * from stock where sku = $1', { at: 35, ms: 10 });
    t.db('select * from prices where sku = $1', { at: 46, ms: 10 });
    t.db('commit', { at: 57, ms: 1 });
    expect(detect([t.spans()])).toEqual([]);
  });

  // Regression (recommendation proof, optimized shop under load): a Promise.all of three queries on a saturated pool
  // ran them one after another, and the detector proposed the Promise.all the code already had.
  it('does not flag a Promise.all that a busy pool serialized (the pool waits show when each was issued)', () => {
    const t = request({ route: '/orders/:id', startMs: T0, durationMs: 60 });
    t.db('select * from orders where id = $1', { at: 0, ms: 15 });
    t.poolWait({ at: 0.2, ms: 15 });
    t.db('select * from order_items where order_id = $1', { at: 15.3, ms: 15 });
    t.poolWait({ at: 0.3, ms: 30.1 });
    t.db('select * from order_status_log where order_id = $1', { at: 30.5, ms: 15 });
    expect(detect([t.spans()])).toEqual([]);
    // The same three calls issued one after another (no waits) are the pattern.
    const s = request({ route: '/orders/:id', startMs: T0, durationMs: 60 });
    s.db('select * from orders where id = $1', { at: 0, ms: 15 });
    s.db('select * from order_items where order_id = $1', { at: 15.3, ms: 15 });
    s.db('select * from order_status_log where order_id = $1', { at: 30.5, ms: 15 });
    expect(detect([s.spans()])[0]!.evidence).toMatchObject({ meanObservedMs: 45, meanCriticalPathMs: 15 });
  });

  it('counts only what runs after a Promise.all, not the staggered starts inside it', () => {
    const t = request({ route: '/products', startMs: T0, durationMs: 80 });
    t.db('select * from products limit $1', { at: 0, ms: 20 });
    t.db('select count(*) from products', { at: 8, ms: 20 }); // started late inside the same Promise.all
    t.db('select * from categories', { at: 30, ms: 10 }); // independent, awaited after it
    // Units: {products, count} 0–28 ms, {categories} 30–40 ms → observed 38 ms, critical path 28 ms.
    expect(detect([t.spans()])[0]!.evidence).toMatchObject({
      meanObservedMs: 38,
      meanCriticalPathMs: 28,
      meanSavedMs: 10,
    });
  });

  it('ignores a saving seen in fewer than minAffectedShare of the route’s sampled requests', () => {
    const traces = [productPage(T0, 'sequential')];
    for (let i = 1; i <= 20; i++) traces.push(productPage(T0 + i * 100, 'parallel'));
    expect(detect(traces)).toEqual([]); // 1 of 21 < 5 %
    expect(detect(traces.slice(0, 20))).toHaveLength(1); // 1 of 20 = 5 %
  });

  it('leaves repeated call sites to the N+1 detectors and respects minSavedMsPerRequest', () => {
    const t = request({ route: '/list', startMs: T0, durationMs: 80 });
    for (let i = 0; i < 5; i++) t.db(PRODUCT, { at: i * 11, ms: 10 });
    expect(detect([t.spans()])).toEqual([]);
    const input = analysisInput({ traces: [productPage(T0, 'sequential')] });
    expect(sequentialCalls.detect(input, { ...sequentialCalls.defaults, minSavedMsPerRequest: 31 })).toEqual([]);
    expect(sequentialCalls.detect(input, { ...sequentialCalls.defaults, minSavedMsPerRequest: 30 })).toHaveLength(1);
  });
});
