import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import { IllegalTransitionError, TransitionInputError } from './lifecycle.js';
import type { Finding } from './recommendation.js';
import { createRecommendationService } from './recommendation-service.js';
import { dedupeFindings, normalizeFinding } from './upsert.js';

const T0 = 1_735_689_600_000;

const finding = (key: string, msSavedPerMinute: number, overrides: Partial<Finding> = {}): Finding => ({
  kind: 'n-plus-one-db',
  service: 'shop',
  route: 'GET /orders/:id',
  key,
  title: `N+1 ${key}`,
  evidence: { exampleTraceIds: ['t1', 't2', 't3', 't4', 't5', 't6'], calls: 12 },
  impact: { msSavedPerRequest: 10, msSavedPerMinute },
  fix: { text: 'batch it', code: 'WHERE id = ANY($1)', language: 'sql' },
  ...overrides,
});

describe('finding normalisation and dedup', () => {
  it('keeps 5 example traces and clamps broken impact numbers to 0', () => {
    const f = normalizeFinding(
      finding('a', Number.NaN, { impact: { msSavedPerRequest: -3, msSavedPerMinute: Infinity } }),
    );
    expect(f.evidence.exampleTraceIds).toEqual(['t1', 't2', 't3', 't4', 't5']);
    expect(f.impact).toEqual({ msSavedPerRequest: 0, msSavedPerMinute: 0 });
  });

  it('keeps one finding per (kind, service, key), the larger impact', () => {
    const out = dedupeFindings([finding('a', 10), finding('a', 30), finding('a', 20), finding('b', 1)]);
    expect(out.map((f) => [f.key, f.impact.msSavedPerMinute])).toEqual([
      ['a', 30],
      ['b', 1],
    ]);
  });
});

describe('recommendation service', () => {
  const stores: SqliteStore[] = [];
  const setup = () => {
    const store = openSqliteStore({ path: ':memory:', rollupFlushIntervalMillis: 0 });
    stores.push(store);
    let n = 0;
    const service = createRecommendationService({
      recommendations: store.recommendations,
      markers: store.markers,
      newId: () => `id-${++n}`,
    });
    return { store, service };
  };
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  it('creates on first detection and updates the same record on re-detection', async () => {
    const { service } = setup();
    const first = await service.recordFindings([finding('a', 100), finding('b', 5)], T0);
    expect(first.map((r) => [r.recommendationId, r.created])).toEqual([
      ['id-1', true],
      ['id-2', true],
    ]);
    const again = await service.recordFindings([finding('a', 250, { title: 'N+1 a (worse)' })], T0 + 300_000);
    expect(again).toMatchObject([{ recommendationId: 'id-1', created: false }]);
    const record = await service.get('id-1');
    expect(record).toMatchObject({
      status: 'open',
      title: 'N+1 a (worse)',
      impact: { msSavedPerMinute: 250 },
      firstSeen: T0,
      lastSeen: T0 + 300_000,
      detections: 2,
    });
    expect((await service.list({})).map((r) => r.id)).toEqual(['id-1', 'id-2']);
  });

  it('keeps a dismissed record dismissed on re-detection, and reopens a resolved one', async () => {
    const { service, store } = setup();
    await service.recordFindings([finding('a', 100), finding('b', 100)], T0);
    await service.transition('id-1', 'dismiss', { actor: 'bob', nowMs: T0 + 1, reason: 'runs nightly' });
    await service.recordFindings([finding('a', 100)], T0 + 2);
    expect((await service.get('id-1')).status).toBe('dismissed');

    // Drive id-2 to resolved through the state machine (validation is not part of this test).
    await service.transition('id-2', 'accept', { actor: 'bob', nowMs: T0 + 3 });
    await service.apply('id-2', { actor: 'bob', nowMs: T0 + 4 });
    const applied = await service.get('id-2');
    await store.recommendations.update({ ...applied, status: 'validated', revision: applied.revision + 1 }, []);
    await service.transition('id-2', 'resolve', { actor: 'bob', nowMs: T0 + 5 });
    await service.recordFindings([finding('b', 100)], T0 + 6);
    const reopened = await service.get('id-2');
    expect(reopened.status).toBe('open');
    const history = await service.history('id-2');
    expect(history.at(-1)).toMatchObject({
      actor: 'analysis',
      type: 'status',
      from: 'resolved',
      to: 'open',
      reason: 'detected again after it was resolved',
    });
    expect(history.at(-2)).toMatchObject({ type: 'detected', from: 'resolved', to: 'resolved' });
  });

  it('apply records a manual marker at t and checks the move first', async () => {
    const { service, store } = setup();
    await service.recordFindings([finding('a', 100)], T0);
    await expect(service.apply('id-1', { actor: 'bob', nowMs: T0 + 10 })).rejects.toBeInstanceOf(
      IllegalTransitionError,
    );
    expect(await store.markers.list({ fromMs: 0, toMs: T0 * 2, limit: 10 })).toEqual([]);

    await service.transition('id-1', 'accept', { actor: 'bob', nowMs: T0 + 20 });
    const { record, marker } = await service.apply('id-1', {
      actor: 'bob',
      nowMs: T0 + 30,
      t: T0 + 25,
      version: '2.0',
    });
    expect(marker).toMatchObject({ service: 'shop', kind: 'manual', version: '2.0', t: T0 + 25, createdBy: 'bob' });
    expect(record).toMatchObject({ status: 'applied', appliedAt: T0 + 25, appliedMarkerId: marker.id });
    expect((await service.history('id-1')).map((h) => `${h.from}→${h.to} by ${h.actor}`)).toEqual([
      'null→open by analysis',
      'open→accepted by bob',
      'accepted→applied by bob',
    ]);
  });

  it('rejects dismiss without a reason', async () => {
    const { service } = setup();
    await service.recordFindings([finding('a', 100)], T0);
    await expect(service.transition('id-1', 'dismiss', { actor: 'b', nowMs: T0 })).rejects.toBeInstanceOf(
      TransitionInputError,
    );
  });

  it('does not lose concurrent changes: an accept racing a re-detection both land', async () => {
    const { service } = setup();
    await service.recordFindings([finding('a', 100)], T0);
    await Promise.all([
      service.recordFindings([finding('a', 400)], T0 + 1),
      service.transition('id-1', 'accept', { actor: 'bob', nowMs: T0 + 1 }),
      service.recordFindings([finding('a', 300)], T0 + 2),
    ]);
    const record = await service.get('id-1');
    expect(record.status).toBe('accepted');
    expect(record.detections).toBe(3);
    expect((await service.history('id-1')).length).toBe(4);
  });
});
