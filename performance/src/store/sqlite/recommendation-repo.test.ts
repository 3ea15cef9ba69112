import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../recommend/recommendation.js';
import type { HistoryEntry, Marker } from '../../recommend/records.js';
import { createRecord, mergeFinding } from '../../recommend/upsert.js';
import { StoreClosedError } from '../errors.js';
import { MAX_DETECTION_ENTRIES } from './recommendation-repo.js';
import { openSqliteStore, type SqliteStore, sqliteStorePath } from './sqlite-store.js';

const T0 = 1_735_689_600_000;

const finding = (key: string, msSavedPerMinute: number, overrides: Partial<Finding> = {}): Finding => ({
  kind: 'slow-query',
  service: 'shop',
  route: 'GET /orders',
  key,
  title: `slow ${key}`,
  evidence: { exampleTraceIds: ['a'], calls: 3 },
  impact: { msSavedPerRequest: 1, msSavedPerMinute },
  fix: { text: 'index', code: 'CREATE INDEX …', language: 'sql' },
  ...overrides,
});

const marker = (id: string, t: number, overrides: Partial<Marker> = {}): Marker => ({
  id,
  service: 'shop',
  kind: 'deploy',
  label: id,
  version: null,
  t,
  createdBy: 'ci',
  ...overrides,
});

describe('SQLite recommendation and marker repos', () => {
  const stores: SqliteStore[] = [];
  const dirs: string[] = [];
  const open = (path = ':memory:') => {
    const store = openSqliteStore({ path, rollupFlushIntervalMillis: 0 });
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('inserts once per (kind, service, key) and lists by priority with filters', async () => {
    const { recommendations } = open();
    const a = createRecord(finding('a', 50), 'id-a', T0);
    const b = createRecord(finding('b', 900), 'id-b', T0);
    const c = createRecord(finding('c', 300, { kind: 'n-plus-one-db', service: 'cart' }), 'id-c', T0);
    for (const x of [a, b, c]) expect(await recommendations.insert(x.record, x.history)).toBe(true);
    expect(await recommendations.insert(createRecord(finding('a', 1), 'dup', T0).record, [])).toBe(false);

    expect((await recommendations.list({})).map((r) => r.id)).toEqual(['id-b', 'id-c', 'id-a']);
    expect((await recommendations.list({ service: 'shop' })).map((r) => r.id)).toEqual(['id-b', 'id-a']);
    expect((await recommendations.list({ kind: 'n-plus-one-db' })).map((r) => r.id)).toEqual(['id-c']);
    expect(await recommendations.list({ status: 'accepted' })).toEqual([]);
    expect(await recommendations.findByKey('slow-query', 'shop', 'a')).toEqual(a.record);
    expect(await recommendations.get('nope')).toBeNull();
  });

  it('updates only from the expected revision (compare-and-set) and appends history', async () => {
    const { recommendations } = open();
    const first = createRecord(finding('a', 50), 'id-a', T0);
    await recommendations.insert(first.record, first.history);
    const merged = mergeFinding(first.record, finding('a', 80), T0 + 60_000);
    expect(await recommendations.update(merged.record, merged.history)).toBe(true);
    // A writer still holding revision 1 loses.
    const stale = mergeFinding(first.record, finding('a', 10), T0 + 120_000);
    expect(await recommendations.update(stale.record, stale.history)).toBe(false);

    const stored = (await recommendations.get('id-a'))!;
    expect([stored.revision, stored.impact.msSavedPerMinute, stored.detections, stored.lastSeen]).toEqual([
      2,
      80,
      2,
      T0 + 60_000,
    ]);
    const history = await recommendations.history('id-a');
    expect(history.map((h) => [h.type, h.from, h.to])).toEqual([
      ['detected', null, 'open'],
      ['detected', 'open', 'open'],
    ]);
    expect(history[1]!.reason).toBe('re-detected: msSavedPerMinute 50 → 80, msSavedPerRequest 1 → 1');
  });

  it(`keeps at most ${MAX_DETECTION_ENTRIES} re-detections but every status change`, async () => {
    const { recommendations } = open();
    const { record, history } = createRecord(finding('a', 50), 'id-a', T0);
    await recommendations.insert(record, history);
    const status: HistoryEntry = {
      recommendationId: 'id-a',
      at: T0,
      actor: 'x',
      type: 'status',
      from: 'open',
      to: 'accepted',
      reason: 'r',
    };
    let current = { ...record, revision: 2 };
    await recommendations.update(current, [status]);
    for (let i = 0; i < MAX_DETECTION_ENTRIES + 20; i++) {
      current = { ...current, revision: current.revision + 1 };
      const entry: HistoryEntry = { ...status, type: 'detected', at: T0 + i, reason: `d${i}` };
      expect(await recommendations.update(current, [entry])).toBe(true);
    }
    const kept = await recommendations.history('id-a');
    expect(kept.filter((h) => h.type === 'detected')).toHaveLength(MAX_DETECTION_ENTRIES);
    expect(kept.filter((h) => h.type === 'status')).toHaveLength(1);
    expect(kept.at(-1)!.reason).toBe(`d${MAX_DETECTION_ENTRIES + 19}`);
  });

  it('lists markers by service, kind and time, oldest first', async () => {
    const { markers } = open();
    await markers.create(marker('m2', T0 + 2_000));
    await markers.create(marker('m1', T0 + 1_000, { kind: 'manual', version: '1.2' }));
    await markers.create(marker('other', T0 + 1_500, { service: 'cart' }));
    await markers.create(marker('late', T0 + 10_000));
    const list = await markers.list({ service: 'shop', fromMs: T0, toMs: T0 + 10_000, limit: 10 });
    expect(list.map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(list[0]).toEqual(marker('m1', T0 + 1_000, { kind: 'manual', version: '1.2' }));
    expect((await markers.list({ kind: 'deploy', fromMs: 0, toMs: T0 * 2, limit: 2 })).map((m) => m.id)).toEqual([
      'other',
      'm2',
    ]);
    expect(await markers.get('late')).toEqual(marker('late', T0 + 10_000));
  });

  it('persists records, markers and last versions across reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stride-rec-'));
    dirs.push(dir);
    const path = sqliteStorePath(dir);
    const first = open(path);
    const { record, history } = createRecord(finding('a', 5), 'id-a', T0);
    await first.recommendations.insert(record, history);
    await first.markers.create(marker('m1', T0));
    await first.markers.setLastVersion('shop', '1.0', T0);
    await first.markers.setLastVersion('shop', '1.1', T0 + 1);
    await first.close();
    const second = open(path);
    expect(await second.recommendations.get('id-a')).toEqual(record);
    expect(await second.markers.get('m1')).not.toBeNull();
    expect(await second.markers.lastVersions()).toEqual(new Map([['shop', '1.1']]));
    await second.close();
    await expect(second.recommendations.list({})).rejects.toBeInstanceOf(StoreClosedError);
  });
});
