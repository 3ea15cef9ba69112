import { ExponentialHistogram } from '@stride/agent';
import { describe, expect, it } from 'vitest';
import type { SeriesRef } from '../store/store.js';
import { dbStatements } from './db-statements.js';
import type { SeriesAggregate } from './request-stats.js';

let nextId = 1;
function histogramItem(
  metric: string,
  attributes: Record<string, string>,
  values: number[],
  unit = 's',
): SeriesAggregate {
  const histogram = new ExponentialHistogram();
  for (const v of values) histogram.record(v);
  const series: SeriesRef = { id: nextId++, service: 'shop', metric, kind: 'histogram', unit, attributes };
  const sum = values.reduce((a, b) => a + b, 0);
  return {
    series,
    aggregate: {
      seriesId: series.id,
      startMs: 0,
      count: values.length,
      sum,
      min: Math.min(...values),
      max: Math.max(...values),
      last: null,
      histogram,
    },
  };
}

const BY_ID = 'SELECT * FROM products WHERE id = $1';
const LIST = 'SELECT * FROM orders WHERE user_id = $1 ORDER BY created_at DESC';
const pg = (text: string, extra: Record<string, string> = {}) => ({
  'db.system.name': 'postgresql',
  'db.operation.name': 'SELECT',
  'db.query.text': text,
  ...extra,
});

describe('dbStatements', () => {
  it('groups by fingerprint, ranks by total time, and reports calls, errors, quantiles and mean rows', () => {
    const fast = Array.from({ length: 1_000 }, () => 0.002); // 1,000 × 2 ms = 2 s
    const slow = Array.from({ length: 10 }, () => 0.1); // 10 × 100 ms = 1 s
    const statements = dbStatements(
      [
        histogramItem('db.client.operation.duration', pg(LIST), slow),
        histogramItem('db.client.operation.duration', pg(BY_ID), fast.slice(0, 990)),
        histogramItem('db.client.operation.duration', pg(BY_ID, { 'error.type': '57014' }), fast.slice(990)),
        histogramItem(
          'db.client.operation.duration',
          { 'db.system.name': 'redis', 'db.operation.name': 'GET' },
          [0.001],
        ),
      ],
      [
        histogramItem(
          'db.client.response.returned_rows',
          pg(BY_ID),
          Array.from({ length: 990 }, () => 1),
          '{row}',
        ),
        histogramItem('db.client.response.returned_rows', pg(LIST), [20, 40], '{row}'),
      ],
    );
    expect(statements.map((s) => s.statement)).toEqual([BY_ID, LIST]);
    const [byId, list] = statements;
    expect(byId).toMatchObject({ system: 'postgresql', operation: 'SELECT', calls: 1_000, errors: 10, meanRows: 1 });
    expect(byId!.totalTimeMs).toBeCloseTo(2_000, 6);
    expect(byId!.meanMs).toBeCloseTo(2, 9);
    expect(byId!.p50Ms).toBeCloseTo(2, 1);
    expect(byId!.p95Ms).toBeCloseTo(2, 1);
    expect(list).toMatchObject({ calls: 10, errors: 0, meanRows: 30 });
    expect(list!.p95Ms).toBeCloseTo(100, 0);
  });

  it('gives null mean rows when rows were not reported and skips series without data', () => {
    const empty = histogramItem('db.client.operation.duration', pg(LIST), [0.001]);
    empty.aggregate = { ...empty.aggregate, count: 0, sum: 0, histogram: null };
    const statements = dbStatements([histogramItem('db.client.operation.duration', pg(BY_ID), [0.005]), empty], []);
    expect(statements).toHaveLength(1);
    expect(statements[0]!.meanRows).toBeNull();
  });
});
