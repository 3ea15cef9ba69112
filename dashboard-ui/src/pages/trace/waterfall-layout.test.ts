import { describe, expect, it } from 'vitest';
import { layoutWaterfall, repeatKeyOf, timeTicks, type WaterfallSpan } from './waterfall-layout.js';

const T0 = 1_763_812_800_000;

function span(
  id: string,
  parent: string | null,
  startMs: number,
  durationMs: number,
  extra: Partial<WaterfallSpan> = {},
) {
  return {
    spanId: id,
    parentSpanId: parent,
    service: 'shop',
    name: id,
    kind: 'client',
    startTime: T0 + startMs,
    durationMs,
    status: 'unset',
    statusMessage: null,
    attributes: {},
    ...extra,
  } satisfies WaterfallSpan;
}

const select = (id: string, startMs: number, fp = 'aaaa') =>
  span(id, 'root', startMs, 2, { name: 'SELECT products', attributes: { 'stride.db.fingerprint': fp } });

describe('layoutWaterfall', () => {
  it('orders depth-first by start with offsets from the first span', () => {
    const layout = layoutWaterfall([
      span('b', 'root', 30, 5),
      span('root', null, 0, 100, { kind: 'server' }),
      span('a', 'root', 10, 5),
      span('a1', 'a', 11, 2, { service: 'payments' }),
    ]);
    expect(layout.rows.map((r) => [r.id, r.depth, r.type === 'span' ? r.offsetMs : -1])).toEqual([
      ['root', 0, 0],
      ['a', 1, 10],
      ['a1', 2, 11],
      ['b', 1, 30],
    ]);
    expect(layout.totalMs).toBe(100);
    expect(layout.services).toEqual(['shop', 'payments']);
    expect(layout.rows[1]).toMatchObject({ hasChildren: true });
  });

  it('shows spans whose parent is missing as roots', () => {
    const layout = layoutWaterfall([span('root', null, 0, 10), span('orphan', 'gone', 5, 1)]);
    expect(layout.rows.map((r) => [r.id, r.depth])).toEqual([
      ['root', 0],
      ['orphan', 0],
    ]);
  });

  it('folds a run of ≥ 3 consecutive siblings with one fingerprint into a group', () => {
    const spans = [
      span('root', null, 0, 100, { kind: 'server' }),
      span('cart', 'root', 1, 3, { attributes: { 'stride.db.fingerprint': 'cccc' } }),
      ...Array.from({ length: 12 }, (_, i) => select(`p${String(i).padStart(2, '0')}`, 5 + i * 3)),
      span('charge', 'root', 60, 20),
    ];
    const layout = layoutWaterfall(spans);
    expect(layout.rows.map((r) => r.id)).toEqual(['root', 'cart', 'group:p00', 'charge']);
    const group = layout.rows[2]!;
    expect(group).toMatchObject({ type: 'group', label: '× 12 SELECT products', depth: 1, expanded: false });
    expect(group.type === 'group' && group.concurrent).toBe(false);
    expect(group.type === 'group' && group.durationMs).toBe(5 + 11 * 3 + 2 - 5);

    const open = layoutWaterfall(spans, { expanded: new Set(['group:p00']) });
    expect(open.rows).toHaveLength(4 + 12);
    expect(open.rows.slice(3, 5).map((r) => [r.id, r.depth])).toEqual([
      ['p00', 2],
      ['p01', 2],
    ]);
  });

  it('does not group short runs, different fingerprints or interrupted runs', () => {
    const layout = layoutWaterfall([
      span('root', null, 0, 100),
      select('x1', 1),
      select('x2', 4),
      span('other', 'root', 7, 1),
      select('x3', 9),
      select('y1', 12, 'bbbb'),
      select('y2', 15, 'bbbb'),
    ]);
    expect(layout.rows.every((r) => r.type === 'span')).toBe(true);
    expect(layout.rows).toHaveLength(7);
  });

  it('marks overlapping members as concurrent and opens the group holding a revealed span', () => {
    const spans = [span('root', null, 0, 50), select('q1', 1), select('q2', 1.5), select('q3', 2)];
    const closed = layoutWaterfall(spans);
    expect(closed.rows[1]).toMatchObject({ type: 'group', concurrent: true, expanded: false });
    const revealed = layoutWaterfall(spans, { reveal: 'q2' });
    expect(revealed.rows.map((r) => r.id)).toEqual(['root', 'group:q1', 'q1', 'q2', 'q3']);
  });

  it('folds interleaved and concurrent loops into one group per fingerprint, placed at the first call', () => {
    const variant = (id: string, at: number) => select(id, at, 'vvvv');
    const image = (id: string, at: number) =>
      span(id, 'root', at, 2, { name: 'SELECT product_images', attributes: { 'stride.db.fingerprint': 'iiii' } });
    const layout = layoutWaterfall([
      span('root', null, 0, 100),
      span('list', 'root', 1, 2),
      variant('v1', 4),
      image('i1', 4.5),
      variant('v2', 5),
      image('i2', 5.5),
      variant('v3', 6),
      image('i3', 6.5),
      span('insert', 'root', 20, 2),
      variant('v4', 30),
    ]);
    expect(layout.rows.map((r) => r.id)).toEqual(['root', 'list', 'group:v1', 'group:i1', 'insert', 'v4']);
    expect(layout.rows[2]).toMatchObject({ label: '× 3 SELECT products', concurrent: true });
    expect(layout.rows[3]).toMatchObject({ label: '× 3 SELECT product_images' });
  });

  it('groups pool waits of one pool', () => {
    const wait = (id: string, at: number) =>
      span(id, 'root', at, 1, {
        name: 'pg.pool.connect',
        kind: 'internal',
        attributes: { 'db.client.connection.pool.name': 'db:5432/shop' },
      });
    const layout = layoutWaterfall([span('root', null, 0, 9), wait('w1', 1), wait('w2', 1), wait('w3', 1)]);
    expect(layout.rows.map((r) => r.id)).toEqual(['root', 'group:w1']);
  });

  it('groups Redis commands by key family', () => {
    const get = (id: string, at: number, prefix: string) =>
      span(id, 'root', at, 1, {
        name: 'GET',
        attributes: { 'db.system.name': 'redis', 'stride.cache.key_prefix': prefix },
      });
    expect(repeatKeyOf(get('g', 0, 'product'))).toBe('redis:GET:product');
    const layout = layoutWaterfall([
      span('root', null, 0, 9),
      get('g1', 1, 'product'),
      get('g2', 2, 'product'),
      get('g3', 3, 'product'),
      get('g4', 4, 'cart'),
    ]);
    expect(layout.rows.map((r) => r.id)).toEqual(['root', 'group:g1', 'g4']);
  });

  it('handles an empty trace', () => {
    expect(layoutWaterfall([])).toEqual({ startMs: 0, totalMs: 0, rows: [], services: [] });
  });
});

describe('timeTicks', () => {
  it('uses round steps', () => {
    expect(timeTicks(100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(timeTicks(7.3)).toEqual([0, 2, 4, 6]);
    expect(timeTicks(1234)).toEqual([0, 500, 1000]);
    expect(timeTicks(0)).toEqual([0]);
  });
});
