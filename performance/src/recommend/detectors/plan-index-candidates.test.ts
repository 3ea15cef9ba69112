import { describe, expect, it } from 'vitest';
import { byUserLatest, orFilter, rangeFilter, topByTotal } from '../testing/explain-plans.js';
import { indexCandidates, planCost, planIndexNames } from './plan-index-candidates.js';
import { filterPredicates, sortColumn } from './plan-predicates.js';

const rows = (n: number) => (schema: string | null, table: string) =>
  schema === 'zz_probe' && table === 'orders' ? n : null;

describe('plan → index candidates', () => {
  it('puts equality columns first, then the sort column, for a filtered top-N (parallel plan)', () => {
    const [c, ...rest] = indexCandidates(byUserLatest, rows(200_000));
    expect(rest).toEqual([]);
    expect(c!.createIndex).toBe('CREATE INDEX orders_user_id_created_at_idx ON zz_probe.orders (user_id, created_at)');
    expect(c!.columns).toEqual(['user_id', 'created_at']);
    // Parallel Seq Scan: 6 rows per process × (1 worker + 0.7 leader).
    expect(c!.estimatedRows).toBe(10);
    expect(c!.reason).toContain('Seq Scan on orders (200000 rows) filtering (orders.user_id = $1)');
    expect(planCost(byUserLatest)).toBe(4200.79);
  });

  it('indexes the sort for an unfiltered small LIMIT, spelling out mixed directions', () => {
    const [c] = indexCandidates(topByTotal, rows(200_000));
    expect(c!.createIndex).toBe('CREATE INDEX orders_total_created_at_idx ON zz_probe.orders (total DESC, created_at)');
  });

  it('does not suggest an index for an unselective range filter, an OR, or a small table', () => {
    expect(indexCandidates(rangeFilter, rows(200_000))).toEqual([]);
    expect(indexCandidates(orFilter, rows(200_000))).toEqual([]);
    expect(indexCandidates(byUserLatest, rows(5_000))).toEqual([]);
    expect(indexCandidates(byUserLatest, () => null)).toEqual([]);
    expect(indexCandidates({ not: 'a plan' }, rows(200_000))).toEqual([]);
  });

  it('advises on the scan under an UPDATE, and quotes odd identifiers', () => {
    const plan = [
      {
        Plan: {
          'Node Type': 'ModifyTable',
          'Total Cost': 4230,
          Plans: [
            {
              'Node Type': 'Seq Scan',
              'Relation Name': 'Order Lines',
              Schema: 'shop',
              'Plan Rows': 10,
              Filter: '(("Order Lines"."orderId")::text = $2)',
            },
          ],
        },
      },
    ];
    const [c] = indexCandidates(plan, () => 50_000);
    expect(c!.createIndex).toBe('CREATE INDEX "Order Lines_orderId_idx" ON shop."Order Lines" ("orderId")');
    expect(planIndexNames([{ Plan: { 'Index Name': '<1>btree_x', Plans: [{ 'Index Name': 'y' }] } }])).toEqual([
      '<1>btree_x',
      'y',
    ]);
  });

  it('reads filters: equality, reversed, ANY, IS NULL, ranges; skips functions and column pairs', () => {
    expect(
      filterPredicates(
        "((o.status = 'paid'::text) AND ($1 = o.user_id) AND (o.tag = ANY ($2)) AND (o.deleted_at IS NULL) AND (o.total >= $3))",
      ),
    ).toEqual([
      { column: 'status', kind: 'equality' },
      { column: 'user_id', kind: 'equality' },
      { column: 'tag', kind: 'equality' },
      { column: 'deleted_at', kind: 'equality' },
      { column: 'total', kind: 'range' },
    ]);
    expect(filterPredicates('((lower(o.email) = $1) AND (o.a = o.b))')).toEqual([]);
    expect(filterPredicates("((o.a = $1) AND ((o.b = 1) OR (o.c = 'x AND y'::text)))")).toEqual([
      { column: 'a', kind: 'equality' },
    ]);
    expect(sortColumn('orders.created_at DESC NULLS LAST')).toEqual({
      column: 'created_at',
      descending: true,
      nulls: 'NULLS LAST',
    });
    expect(sortColumn('(price * qty)')).toBeNull();
  });
});
