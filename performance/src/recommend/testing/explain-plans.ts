/**
 * EXPLAIN (FORMAT JSON, VERBOSE) output captured from PostgreSQL 15 (generic plans of prepared statements, NULL
 * parameters) on `orders` with 200,000 rows (user_id ≈ 20,000 distinct, status 3 values); Output lists trimmed.
 */
export const byUserLatest = [
  {
    Plan: {
      'Node Type': 'Limit',
      'Parallel Aware': false,
      'Startup Cost': 4200.68,
      'Total Cost': 4200.79,
      'Plan Rows': 1,
      Plans: [
        {
          'Node Type': 'Gather Merge',
          'Parent Relationship': 'Outer',
          'Parallel Aware': false,
          'Startup Cost': 4200.68,
          'Total Cost': 4201.37,
          'Plan Rows': 6,
          'Workers Planned': 1,
          Plans: [
            {
              'Node Type': 'Sort',
              'Parent Relationship': 'Outer',
              'Parallel Aware': false,
              'Startup Cost': 3200.67,
              'Total Cost': 3200.68,
              'Plan Rows': 6,
              'Sort Key': ['orders.created_at DESC'],
              Plans: [
                {
                  'Node Type': 'Seq Scan',
                  'Parent Relationship': 'Outer',
                  'Parallel Aware': true,
                  'Relation Name': 'orders',
                  Schema: 'zz_probe',
                  Alias: 'orders',
                  'Startup Cost': 0.0,
                  'Total Cost': 3200.59,
                  'Plan Rows': 6,
                  Filter: '(orders.user_id = $1)',
                },
              ],
            },
          ],
        },
      ],
    },
  },
];

export const rangeFilter = [
  {
    Plan: {
      'Node Type': 'Seq Scan',
      'Parallel Aware': false,
      'Relation Name': 'orders',
      Schema: 'zz_probe',
      Alias: 'o',
      'Startup Cost': 0.0,
      'Total Cost': 7230.0,
      'Plan Rows': 21837,
      Filter: '((o.created_at > $1) AND (o.total >= $3) AND (o.status = ANY ($2)))',
    },
  },
];

export const topByTotal = [
  {
    Plan: {
      'Node Type': 'Limit',
      'Parallel Aware': false,
      'Startup Cost': 6448.79,
      'Total Cost': 6449.94,
      'Plan Rows': 10,
      Plans: [
        {
          'Node Type': 'Gather Merge',
          'Parent Relationship': 'Outer',
          'Parallel Aware': false,
          'Startup Cost': 6448.79,
          'Total Cost': 19978.19,
          'Plan Rows': 117647,
          'Workers Planned': 1,
          Plans: [
            {
              'Node Type': 'Sort',
              'Parent Relationship': 'Outer',
              'Parallel Aware': false,
              'Startup Cost': 5448.78,
              'Total Cost': 5742.9,
              'Plan Rows': 117647,
              'Sort Key': ['orders.total DESC', 'orders.created_at'],
              Plans: [
                {
                  'Node Type': 'Seq Scan',
                  'Parent Relationship': 'Outer',
                  'Parallel Aware': true,
                  'Relation Name': 'orders',
                  Schema: 'zz_probe',
                  Alias: 'orders',
                  'Startup Cost': 0.0,
                  'Total Cost': 2906.47,
                  'Plan Rows': 117647,
                },
              ],
            },
          ],
        },
      ],
    },
  },
];

export const orFilter = [
  {
    Plan: {
      'Node Type': 'Seq Scan',
      'Parallel Aware': false,
      'Relation Name': 'orders',
      Schema: 'zz_probe',
      Alias: 'orders',
      'Startup Cost': 0.0,
      'Total Cost': 4730.0,
      'Plan Rows': 66674,
      Filter: '((orders.user_id = $1) OR (orders.status = $2))',
    },
  },
];
